const h = (tag, props, ...children) => ({ tag, props, children });

export function view(title, shape) {
  return <div width={shape.w}>{title}</div>;
}
