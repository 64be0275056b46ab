import { a } from "./m.js";
let a;
