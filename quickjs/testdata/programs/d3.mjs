// d3 modules: arrays and statistics, scales and ticks, number formats,
// shapes (SVG path strings) and interpolators.
import { extent, bin, group, rollup, quantile, mean, median, deviation, sum, cumsum, bisector, ticks, range, shuffle, greatest, index, sort, fsum } from "d3-array";
import { scaleLinear, scaleLog, scaleBand, scaleTime, scaleOrdinal, scaleQuantize, scaleSqrt, scaleUtc } from "d3-scale";
import { format, formatPrefix, precisionFixed } from "d3-format";
import { line, area, arc, pie, curveCatmullRom, curveStep, stack } from "d3-shape";
import { interpolateRgb, interpolateNumber, interpolateString, interpolateObject, piecewise, interpolateHcl } from "d3-interpolate";

const data = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
console.log(extent(data), mean(data), median(data), deviation(data).toFixed(6), sum(data), quantile(data, 0.9));
console.log(Array.from(cumsum(data)).join(","), fsum([0.1, 0.2, 0.3]), bisector((d) => d).left([1, 3, 5, 7], 4));
console.log(JSON.stringify(bin().thresholds(4)(data).map((b) => [b.x0, b.x1, b.length])));
const rows = [{ k: "a", g: 1, v: 10 }, { k: "b", g: 1, v: 20 }, { k: "a", g: 2, v: 5 }, { k: "c", g: 2, v: 7 }];
console.log(JSON.stringify([...group(rows, (d) => d.g)].map(([g, xs]) => [g, xs.map((x) => x.k)])));
console.log(JSON.stringify([...rollup(rows, (xs) => sum(xs, (d) => d.v), (d) => d.k)]), greatest(rows, (d) => d.v).k, [...index(rows, (d) => d.k + d.g).keys()].join(" "));
console.log(ticks(0, 1, 7).join(" "), ticks(-3.7, 12e6, 5).join(" "), range(0, 1, 0.25).join(" "), sort(rows, (d) => -d.v).map((d) => d.v).join(" "));
let seed = 1;
const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
console.log(shuffle.call(null, range(10), 0, 10).length, range(10).sort(() => rand() - 0.5).length);

const x = scaleLinear().domain([0, 100]).range([0, 960]).nice();
console.log(x(25), x.invert(480), x.ticks(5).join(","), x.tickFormat(5, "+f")(40));
const lg = scaleLog().domain([1, 1e5]).range([0, 1]);
console.log(lg(1000).toFixed(12), lg.ticks().length, lg.ticks(3).map(lg.tickFormat(3, ".0e")).join(" "));
const band = scaleBand().domain(["a", "b", "c", "d"]).range([0, 100]).padding(0.1);
console.log(band("c"), band.bandwidth(), band.step());
const t = scaleUtc().domain([Date.UTC(2020, 0, 1), Date.UTC(2020, 11, 31)]).range([0, 1]);
console.log(t.ticks(6).map((d) => d.toISOString().slice(0, 10)).join(" "), t(Date.UTC(2020, 6, 1)).toFixed(10));
const ord = scaleOrdinal().domain(["x", "y"]).range(["red", "blue", "green"]);
console.log(ord("y"), ord("z"), ord.domain().join(), scaleQuantize().domain([0, 1]).range(["lo", "mid", "hi"])(0.5), scaleSqrt().domain([0, 16])(4));

console.log(format(".2f")(Math.PI), format("$,.2f")(1234567.891), format(".2s")(42e6), format("~e")(0.000123), format("+.1%")(0.1234), format("08.3f")(-3.5), format("#x")(255), format(",d")(-1e9), format(".3r")(0.00123456));
console.log(formatPrefix(",.0", 1e3)(12345), precisionFixed(0.05), format("c")("x"), format("^10")("mid") + "|", format("(.2f")(-1.5));

const pts = [[0, 0], [10, 20], [20, 5], [30, 25]];
console.log(line()(pts));
console.log(line().curve(curveCatmullRom)(pts));
console.log(line().curve(curveStep)(pts));
console.log(area().y0(30)(pts));
const arcs = pie().sort(null)([1, 2, 3]);
console.log(arcs.map((a) => a.startAngle.toFixed(6) + "-" + a.endAngle.toFixed(6)).join(" "));
const arcGen = arc().innerRadius(10).outerRadius(50).digits(3);
console.log(arcs.map((a) => arcGen(a)).join("\n"));
console.log(JSON.stringify(stack().keys(["a", "b"])([{ a: 1, b: 2 }, { a: 3, b: 4 }]).map((s) => s.map((d) => [d[0], d[1]]))));

console.log(interpolateRgb("steelblue", "brown")(0.5), interpolateNumber(10, 20)(0.25), interpolateString("300 12px sans", "500 36px Comic")(0.5));
console.log(JSON.stringify(interpolateObject({ a: 1, b: "red" }, { a: 3, b: "blue" })(0.5)), piecewise(interpolateRgb, ["red", "green", "blue"])(0.75), interpolateHcl("red", "blue")(0.5));
