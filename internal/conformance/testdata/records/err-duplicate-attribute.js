import j from "./d.json" with { type: "json", type: "json" };
