// No await that counts: inside functions, arrows, methods, accessors,
// field initialisers; await as a property or export name.
async function f() { await 1; for await (const x of []); }
const arrow = async () => await 1;
const obj = { async m() { await 1; }, get g() { return 1; } };
class C {
  x = async () => await 1;
  static y = async function () { await 1; };
  async m() { await 1; }
  static { }
}
const o = { await: 1 };
o.await;
export { o as await };
