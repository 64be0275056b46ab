import { twice } from "./deep.js";

export const add = (a: number, b: number): number => a + twice(b) / 2;
