var a;
export { a };
export { a };
