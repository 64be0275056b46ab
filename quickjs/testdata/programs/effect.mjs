// effect 4: Effect.gen, typed errors, services, fibers and the scheduler,
// Schema decoding, and the data modules (Option, Result, Array, HashMap,
// Duration, Data).
import { Effect, Option, Result, Array as A, HashMap, Duration, Data, pipe, Schedule, Ref, Exit, Cause, Context, Layer, Queue, Fiber, Stream, Chunk, Equal, Hash, Match, String as Str } from "effect";
import * as Schema from "effect/Schema";

const inc = (n) => n + 1;
console.log(pipe(1, inc, inc), Option.getOrElse(Option.map(Option.some(2), inc), () => 0), Option.isNone(Option.fromNullishOr(null)));
console.log(JSON.stringify(A.groupBy([1, 2, 3, 4, 5], (n) => (n % 2 ? "odd" : "even"))), JSON.stringify(A.chunksOf([1, 2, 3, 4, 5], 2)), JSON.stringify(A.dedupe([1, 1, 2, 3, 3])));
const hm = HashMap.make(["a", 1], ["b", 2]).pipe(HashMap.set("c", 3), HashMap.remove("a"));
console.log(HashMap.size(hm), Option.getOrNull(HashMap.get(hm, "c")), JSON.stringify([...HashMap.keys(hm)].sort()));
console.log(Duration.toMillis(Duration.sum(Duration.seconds(2), Duration.millis(250))), Duration.format(Duration.minutes(90)));
class Point extends Data.Class {}
console.log(Equal.equals(new Point({ x: 1, y: 2 }), new Point({ x: 1, y: 2 })), Hash.hash(new Point({ x: 1, y: 2 })) === Hash.hash(new Point({ x: 1, y: 2 })));
console.log(Str.capitalize("effect"), Str.snakeToCamel("a_b_c"));

class NotFound extends Data.TaggedError("NotFound") {}
const find = (id) => (id > 0 ? Effect.succeed({ id, name: "user" + id }) : Effect.fail(new NotFound({ id })));
const prog = Effect.gen(function* () {
  const a = yield* find(1);
  const b = yield* find(2);
  return a.name + "+" + b.name;
});
console.log(Effect.runSync(prog));
console.log(Effect.runSync(find(-1).pipe(Effect.catchTag("NotFound", (e) => Effect.succeed("missing " + e.id)))));
const exit = Effect.runSyncExit(find(-5));
console.log(Exit.isFailure(exit), exit._tag);
console.log(Result.isFailure(Effect.runSync(Effect.result(find(-2)))), Result.isSuccess(Effect.runSync(Effect.result(find(3)))));

class Counter extends Context.Service()("Counter") {}
const CounterLive = Layer.effect(Counter, Effect.map(Ref.make(0), (ref) => ({ next: Ref.updateAndGet(ref, inc) })));
const useCounter = Effect.gen(function* () {
  const c = yield* Counter;
  yield* c.next;
  yield* c.next;
  return yield* c.next;
});
console.log("counter", await Effect.runPromise(Effect.provide(useCounter, CounterLive)));

const events = [];
const worker = (name, ms) => Effect.gen(function* () {
  yield* Effect.sleep(Duration.millis(ms));
  events.push(name);
  return name.length;
});
const all = await Effect.runPromise(Effect.all([worker("slow", 120), worker("fast", 10), worker("middling", 60)], { concurrency: "unbounded" }));
console.log("all", JSON.stringify(all), events.join(" "));
let tries = 0;
const flaky = Effect.suspend(() => (++tries < 3 ? Effect.fail("no " + tries) : Effect.succeed("yes after " + tries)));
console.log(await Effect.runPromise(Effect.retry(flaky, Schedule.recurs(5))));
console.log("timeout", Option.isNone(await Effect.runPromise(Effect.timeoutOption(Effect.as(Effect.sleep(Duration.millis(50)), 1), Duration.millis(5)))));
const race = await Effect.runPromise(Effect.race(Effect.as(Effect.sleep(Duration.millis(30)), "tortoise"), Effect.as(Effect.sleep(Duration.millis(3)), "hare")));
console.log("race", race);
const q = await Effect.runPromise(Effect.gen(function* () {
  const queue = yield* Queue.unbounded();
  const fiber = yield* Effect.forkChild(Effect.gen(function* () {
    let total = 0;
    for (let i = 0; i < 3; i++) total += yield* Queue.take(queue);
    return total;
  }));
  yield* Queue.offer(queue, 10);
  yield* Queue.offer(queue, 20);
  yield* Queue.offer(queue, 12);
  return yield* Fiber.join(fiber);
}));
console.log("queue", q);
const streamed = await Effect.runPromise(Stream.runCollect(Stream.range(1, 10).pipe(Stream.filter((n) => n % 3 === 0), Stream.map((n) => n * n))));
console.log("stream", JSON.stringify(Chunk.isChunk(streamed) ? Chunk.toArray(streamed) : streamed));
const failed = await Effect.runPromiseExit(Effect.die(new Error("defect")));
console.log(Exit.isFailure(failed), Cause.pretty(failed.cause).split("\n")[0]);
const m = Match.type().pipe(Match.when({ kind: "a" }, () => "is a"), Match.when(Match.number, (n) => "num " + n), Match.orElse(() => "other"));
console.log(m({ kind: "a" }), m(4), m("x"));

const Person = Schema.Struct({ name: Schema.String, age: Schema.Number.check(Schema.isInt(), Schema.isGreaterThan(0)), email: Schema.optional(Schema.String) });
console.log(JSON.stringify(Schema.decodeUnknownSync(Person)({ name: "Ada", age: 36 })));
const bad = Schema.decodeUnknownExit(Person)({ name: 3, age: -1.5 });
console.log(Exit.isFailure(bad), String(Cause.squash(bad.cause)).split("\n").slice(0, 3).join(" / "));
const Nums = Schema.Array(Schema.NumberFromString);
console.log(JSON.stringify(Schema.decodeUnknownSync(Nums)(["1", "2.5", "-3"])), JSON.stringify(Schema.encodeSync(Nums)([4, 5])));
