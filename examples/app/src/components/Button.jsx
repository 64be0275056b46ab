import { h } from "../lib/h.js";

/** @jsx h */
export function Button({ label, onClick }) {
  return <button onClick={onClick}>{label}</button>;
}
