// date-fns: formatting, parsing, arithmetic and intervals, in UTC-free
// terms (dates built from local components and printed with format, so the
// time zone does not matter).
import { format, addDays, addMonths, differenceInCalendarDays, eachDayOfInterval, isWeekend, parse, parseISO, startOfWeek, endOfMonth, formatDistanceStrict, intervalToDuration, formatDuration, isValid, compareAsc, getISOWeek, formatRelative, subYears, max, min, lightFormat, closestTo } from "date-fns";
import { enGB } from "date-fns/locale/en-GB";
import { fr } from "date-fns/locale/fr";

const d = new Date(2024, 1, 28, 13, 45, 7, 89);
console.log(format(d, "yyyy-MM-dd HH:mm:ss.SSS"), format(d, "EEEE, do MMMM yyyy 'at' h:mm a"), format(d, "QQQ wo II RRRR"));
console.log(format(addDays(d, 2), "PPPP"), format(addMonths(d, 12), "PP"), format(d, "PPpp", { locale: enGB }));
console.log(format(d, "EEEE d MMMM yyyy", { locale: fr }), format(d, "LLLL", { locale: fr }));
console.log(differenceInCalendarDays(new Date(2025, 0, 1), d), getISOWeek(d));
console.log(eachDayOfInterval({ start: d, end: addDays(d, 6) }).map((x) => format(x, "EEE d") + (isWeekend(x) ? "*" : "")).join(" "));
const p = parse("03/07/2021 17:05", "dd/MM/yyyy HH:mm", new Date(2000, 0, 1));
console.log(isValid(p), format(p, "yyyy-MM-dd'T'HH:mm"), isValid(parse("31/02/2021", "dd/MM/yyyy", new Date())));
console.log(format(parseISO("2023-10-05T08:09:10"), "MMM do, HH:mm:ss"), format(startOfWeek(d, { weekStartsOn: 1 }), "EEE yyyy-MM-dd"), format(endOfMonth(d), "d"));
console.log(formatDistanceStrict(d, addDays(d, 45)), formatDistanceStrict(d, new Date(2024, 1, 28, 13, 40)), formatDistanceStrict(d, addDays(d, 400), { unit: "month" }));
const dur = intervalToDuration({ start: new Date(2020, 0, 1, 0, 0, 0), end: new Date(2024, 5, 15, 12, 30, 5) });
console.log(JSON.stringify(dur), formatDuration(dur), formatDuration(dur, { format: ["years", "days"], delimiter: ", " }));
const dates = [new Date(2021, 5, 1), new Date(2019, 0, 1), new Date(2022, 11, 31)];
console.log(dates.sort(compareAsc).map((x) => lightFormat(x, "yyyy-MM-dd")).join(" < "));
console.log(lightFormat(max(dates), "yyyy"), lightFormat(min(dates), "yyyy"), lightFormat(closestTo(new Date(2021, 0, 1), dates), "yyyy-MM-dd"));
console.log(formatRelative(subYears(d, 1), d), "|", formatRelative(addDays(d, 1), d));
