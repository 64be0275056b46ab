// zod 4: object schemas, refinements, transforms, unions, error issues and
// JSON Schema output.
import { z } from "zod";

const User = z.object({
  name: z.string().min(2).max(20),
  email: z.email(),
  age: z.number().int().positive().optional(),
  tags: z.array(z.string()).default([]),
  role: z.enum(["admin", "user", "guest"]),
  createdAt: z.coerce.date(),
});
const ok = User.parse({ name: "Ada", email: "ada@example.com", role: "admin", createdAt: "2020-01-02T03:04:05Z" });
console.log(JSON.stringify(ok));
const bad = User.safeParse({ name: "A", email: "nope", age: -3.5, role: "root", createdAt: "x" });
console.log(bad.success, JSON.stringify(bad.error.issues.map((i) => [i.code, i.path.join("."), i.message])));
console.log(z.prettifyError(bad.error));
console.log(JSON.stringify(z.treeifyError(bad.error)));

const Shape = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("circle"), r: z.number() }),
  z.object({ kind: z.literal("rect"), w: z.number(), h: z.number() }),
]);
const area = Shape.transform((s) => (s.kind === "circle" ? Math.round(Math.PI * s.r * s.r * 100) / 100 : s.w * s.h));
console.log(area.parse({ kind: "circle", r: 2 }), area.parse({ kind: "rect", w: 3, h: 4 }), area.safeParse({ kind: "tri" }).error.issues[0].code);

const Password = z.string().refine((s) => /\d/.test(s), { message: "needs a digit" }).refine((s) => s.length >= 8, "too short");
console.log(JSON.stringify(Password.safeParse("abc").error.issues.map((i) => i.message)));
const Pair = z.tuple([z.string(), z.number()]).rest(z.boolean());
console.log(JSON.stringify(Pair.parse(["a", 1, true, false])), Pair.safeParse(["a", "b"]).success);
const Rec = z.record(z.string(), z.union([z.number(), z.null()]));
console.log(JSON.stringify(Rec.parse({ a: 1, b: null })), Rec.safeParse({ a: "x" }).success);
const Tree = z.object({ value: z.number(), get children() { return z.array(Tree); } });
console.log(JSON.stringify(Tree.parse({ value: 1, children: [{ value: 2, children: [] }] })));
console.log(JSON.stringify(z.toJSONSchema(User.omit({ createdAt: true }))));
console.log(JSON.stringify(z.toJSONSchema(Shape)));
const Pipe = z.string().transform((s) => s.split(",")).pipe(z.array(z.coerce.number()));
console.log(JSON.stringify(Pipe.parse("1,2,3")));
const asy = await z.string().refine(async (s) => s === "yes").safeParseAsync("no");
console.log(asy.success, asy.error.issues[0].message);
// z.url() is left out: it calls new URL(), and the host has no URL.
console.log(z.string().uuid().safeParse("123e4567-e89b-12d3-a456-426614174000").success, z.ipv4().safeParse("256.1.1.1").success);
