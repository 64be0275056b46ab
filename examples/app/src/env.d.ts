// Ambient declarations: a .d.ts file is never analysed and gets no sidecar.
declare module "*.json" {
  const value: any;
  export default value;
}
