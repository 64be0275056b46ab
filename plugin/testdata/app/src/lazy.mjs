export default await Promise.resolve(import.meta.url);
