// LexicallyScopedDeclarations at top level only, with their kinds.
let l1, [l2, { l3 }] = [[]];
const c1 = 1, { c2 = 2, ...c3 } = {};
class K {}
function f() {}
async function af() {}
function* gf() {}
async function* agf() {}
using u1 = null, u2 = null;
await using au = null;
{ let notTopLevel; function notTopLevelEither() {} }
if (true) { const nor = 1; }
for (let i of []) { using inBlock = null; }
