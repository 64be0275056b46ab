export { undeclared };
