import type { Options } from "./types.js";
import { render, unused } from "./render.js";
export type { Options };
export enum Color { Red, Green }
export const output: string = render({} as Options);
export default function main(): void {}
