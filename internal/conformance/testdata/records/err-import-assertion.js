import j from "./d.json" assert { type: "json" };
