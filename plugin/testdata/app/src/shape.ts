export interface Shape {
  w: number;
  h: number;
}
