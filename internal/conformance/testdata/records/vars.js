// VarDeclaredNames: every statement form, patterns left to right, first
// occurrence only, nothing from functions or static blocks.
var a, { b, c: [d, ...e], f = 1, ...g } = {}, [, h = 2, [i]] = [];
{ var j; }
if (a) var k; else { var l; }
for (var m = 0; ;) break;
for (var n in {});
for (var [o, p] of []);
while (false) var q;
do var r; while (false);
try { var s; } catch ({ t }) { var u; } finally { var v; }
switch (a) { case 1: var w; default: var x; }
label: var y;
outer: for (;;) { inner: { var z; break outer; } }
var a, z;
function fn() { var notInFunction; }
const arrow = () => { var notInArrow; };
class K { static { var notInStaticBlock; } m() { var notInMethod; } }
let notVar;
