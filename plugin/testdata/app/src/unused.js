// Not imported by anything: the build never loads it, so no sidecar.
export const unused = true;
