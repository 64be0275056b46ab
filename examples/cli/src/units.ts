// A real enum: not erasable, so Node's type stripping would refuse it.
export enum Unit {
  piece = "pcs",
  box = "boxes",
}
