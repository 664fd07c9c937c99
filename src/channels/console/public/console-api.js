// What every part of the console page shares: building elements safely and calling the console's API.
const $ = (id) => document.getElementById(id);

/** An element with properties and children (strings become text nodes, never markup). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** Calls `/agent/api<path>` (POST with `body`, else GET) with the token typed in; a 401 shows the token box. */
export async function api(path, body) {
  const headers = { accept: 'application/json' };
  const token = $('token')?.value;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  const res = await fetch(`/agent/api${path}`, {
    method: body ? 'POST' : 'GET',
    headers,
    body: body && JSON.stringify(body),
  });
  if (res.status === 401 && $('token-box')) $('token-box').hidden = false;
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error || `The server answered ${res.status}`);
  return json;
}
