// The d3 umbrella package: every d3 module loaded, then a few that the
// other d3 program does not touch (dsv, hierarchy, geo, color, time,
// random with a seed, quadtree, polygon, chord, contour).
import * as d3 from "d3";

console.log(Object.keys(d3).length);
const csv = d3.csvParse("name,value\na,1\nb,22\n\"c, d\",3");
console.log(JSON.stringify(csv), csv.columns.join("|"), d3.csvFormat(csv.map((r) => ({ ...r, value: +r.value * 2 }))).replace(/\n/g, "\\n"));
console.log(JSON.stringify(d3.tsvParseRows("1\t2\n3\t4")), d3.autoType({ a: "1.5", b: "true", c: "", d: "2020-01-01" }).d.toISOString());
const root = d3.hierarchy({ name: "r", children: [{ name: "a", value: 3 }, { name: "b", children: [{ name: "c", value: 1 }, { name: "d", value: 2 }] }] }).sum((d) => d.value || 0).sort((a, b) => b.value - a.value);
d3.treemap().size([100, 60]).padding(1).round(true)(root);
console.log(root.descendants().map((n) => `${n.data.name}:${n.value}@${n.x0},${n.y0},${n.x1},${n.y1}`).join(" "));
const tree = d3.tree().size([10, 10])(d3.hierarchy(root.data));
console.log(tree.links().map((l) => `${l.source.data.name}->${l.target.data.name}(${l.target.x.toFixed(3)},${l.target.y.toFixed(3)})`).join(" "));
const strat = d3.stratify().id((d) => d.id).parentId((d) => d.p)([{ id: "x" }, { id: "y", p: "x" }, { id: "z", p: "x" }]);
console.log(strat.height, strat.children.map((c) => c.id).join(","));
const proj = d3.geoMercator().scale(100).translate([0, 0]);
console.log(proj([10, 50]).map((v) => v.toFixed(4)).join(","), d3.geoDistance([0, 0], [90, 0]).toFixed(6), d3.geoPath(d3.geoEquirectangular().scale(1).translate([0, 0])).area({ type: "Polygon", coordinates: [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]] }).toFixed(6));
console.log(d3.color("steelblue").darker(1).formatHex(), d3.hsl("#ff8800").toString(), d3.lab("red").l.toFixed(4), d3.rgb(10, 20, 30).formatHsl(), d3.cubehelix("blue").brighter().formatRgb());
console.log(d3.schemeCategory10.slice(0, 3).join(" "), d3.interpolateViridis(0.5), d3.interpolateRainbow(0.25));
console.log(d3.utcDay.count(new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2020, 11, 31))), d3.utcMonths(new Date(Date.UTC(2020, 0, 15)), new Date(Date.UTC(2020, 4, 1))).map((d) => d.toISOString().slice(0, 7)).join(" "), d3.utcFormat("%Y-%m-%d %a %j %U")(new Date(Date.UTC(2021, 6, 4))), d3.utcParse("%d/%m/%Y")("25/12/2022").toISOString());
const rnd = d3.randomNormal.source(d3.randomLcg(42))(10, 2);
console.log(Array.from({ length: 4 }, rnd).map((v) => v.toFixed(6)).join(" "), d3.randomInt.source(d3.randomLcg(7))(100)());
const q = d3.quadtree([[1, 1], [5, 5], [9, 2], [3, 8]]);
console.log(JSON.stringify(q.find(4, 4)), q.size(), d3.polygonArea([[0, 0], [4, 0], [4, 3]]), JSON.stringify(d3.polygonHull([[0, 0], [1, 1], [2, 0], [1, 3], [1, 0.5]])), d3.polygonCentroid([[0, 0], [2, 0], [2, 2], [0, 2]]).join(","));
const chords = d3.chord()([[1, 2], [3, 4]]);
console.log(chords.length, chords.groups.map((g) => g.value).join(","), chords[0].source.startAngle.toFixed(6));
const contours = d3.contours().size([3, 3]).thresholds([0.5])([0, 0, 0, 0, 1, 0, 0, 0, 0]);
console.log(JSON.stringify(contours[0].coordinates));
const del = d3.Delaunay.from([[0, 0], [1, 0], [0, 1], [1, 1], [0.5, 0.4]]);
console.log(Array.from(del.triangles).join(","), del.find(0.9, 0.9), del.voronoi([0, 0, 1, 1]).cellPolygon(4).map((p) => p.map((v) => +v.toFixed(4)).join(" ")).join(";"));
console.log(d3.format(".3~s")(1234567), d3.sum(d3.range(101)), d3.scaleDiverging(d3.interpolatePiYG).domain([-1, 0, 1])(0.5));
