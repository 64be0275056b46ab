// rxjs: synchronous and timer-driven pipelines, subjects, error handling
// and promise interop.
import { of, from, range, interval, timer, Subject, BehaviorSubject, ReplaySubject, merge, concat, zip, combineLatest, forkJoin, firstValueFrom, lastValueFrom, throwError, EMPTY } from "rxjs";
import { map, filter, scan, reduce, take, mergeMap, concatMap, switchMap, catchError, retry, distinctUntilChanged, bufferCount, pairwise, startWith, toArray, takeWhile, debounceTime, tap, share, delay } from "rxjs/operators";

const log = (label) => ({ next: (v) => console.log(label, JSON.stringify(v)), error: (e) => console.log(label, "error", e.message), complete: () => console.log(label, "done") });

range(1, 10).pipe(filter((x) => x % 2), map((x) => x * x), scan((a, x) => a + x, 0)).subscribe(log("scan"));
of(1, 1, 2, 2, 3, 1).pipe(distinctUntilChanged(), bufferCount(2), toArray()).subscribe(log("buf"));
from([3, 1, 4, 1, 5]).pipe(pairwise(), reduce((a, [x, y]) => a + Math.abs(x - y), 0)).subscribe(log("pairs"));
concat(of("a"), of("b", "c")).pipe(startWith("z")).subscribe(log("concat"));
zip(of(1, 2, 3), of("x", "y")).subscribe(log("zip"));
of(1, 2, 3).pipe(mergeMap((x) => of(x, x * 10))).subscribe(log("mergeMap"));

const s = new Subject();
const b = new BehaviorSubject(0);
const r = new ReplaySubject(2);
s.pipe(map((x) => x.toUpperCase())).subscribe(log("subject"));
combineLatest([s, b]).subscribe(log("latest"));
s.next("a"); b.next(1); s.next("b"); b.next(2);
[1, 2, 3].forEach((x) => r.next(x));
r.subscribe(log("replay"));
s.complete();

let attempts = 0;
const flaky = new (await import("rxjs")).Observable((sub) => { attempts++; if (attempts < 3) sub.error(new Error("fail " + attempts)); else { sub.next(attempts); sub.complete(); } });
flaky.pipe(retry(5)).subscribe(log("retry"));
throwError(() => new Error("boom")).pipe(catchError((e) => of("caught " + e.message))).subscribe(log("catch"));
EMPTY.subscribe(log("empty"));

console.log("first", await firstValueFrom(of(7, 8, 9)));
console.log("forkJoin", JSON.stringify(await lastValueFrom(forkJoin({ a: timer(5).pipe(map(() => "A")), b: of(1, 2) }))));
const ticks = await lastValueFrom(interval(3).pipe(take(5), concatMap((x) => of(x).pipe(delay(1))), toArray()));
console.log("interval", ticks.join(","));
const sw = await lastValueFrom(timer(0, 50).pipe(take(3), switchMap((x) => timer(1).pipe(map(() => x * 2))), toArray()));
console.log("switchMap", sw.join(","));
const shared = timer(2).pipe(tap(() => console.log("side effect once")), share());
console.log("share", JSON.stringify(await lastValueFrom(merge(shared.pipe(map(() => 1)), shared.pipe(map(() => 2))).pipe(toArray()))));
const deb = new Subject();
const debounced = lastValueFrom(deb.pipe(debounceTime(10), toArray()));
deb.next(1); deb.next(2); setTimeout(() => { deb.next(3); deb.complete(); }, 80);
console.log("debounce", (await debounced).join(","));
console.log("takeWhile", (await lastValueFrom(range(0, 100).pipe(takeWhile((x) => x * x < 30), toArray()))).join(","));
