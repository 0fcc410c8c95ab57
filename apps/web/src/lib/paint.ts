interface ElementParts {
  className?: string;
  text?: string;
  attributes?: Record<string, string>;
  style?: Record<string, string>;
}

/**
 * An element built with the DOM's own calls, for what is painted before the app has loaded: text goes in as text,
 * never as markup.
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  parts: ElementParts = {},
  children: readonly Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (parts.className !== undefined) node.className = parts.className;
  if (parts.text !== undefined) node.textContent = parts.text;
  for (const [name, value] of Object.entries(parts.attributes ?? {})) node.setAttribute(name, value);
  for (const [name, value] of Object.entries(parts.style ?? {})) node.style.setProperty(name, value);
  node.append(...children);
  return node;
}
