/* mibun explorer inside Jupyter (anywidget): the page talks to the kernel over the widget's comm channel.
   Requests are custom messages {type: "api", id, path, params}; the kernel answers with the same id.
   Fonts (KaTeX's and the Hangul one) arrive as binary buffers and are added with the FontFace API. */
function mibunWidgetTransport(model) {
  const pending = new Map();
  let next = 1;
  model.on("msg:custom", (msg, buffers) => {
    const cb = msg && pending.get(msg.id);
    if (cb) { pending.delete(msg.id); cb(msg, buffers || []); }
  });
  const ask = (content) => new Promise((resolve) => {
    const id = next++;
    pending.set(id, (msg, buffers) => resolve({ msg, buffers }));
    model.send(Object.assign({ id }, content));
  });
  const transport = async (path, params) => {
    const { msg } = await ask({ type: "api", path, params });
    return { status: msg.status, data: msg.data };
  };
  const font = async (name, family, descriptors) => {
    const { msg, buffers } = await ask({ type: "font", name });
    if (!msg.ok || !buffers.length) return;
    const b = buffers[0];
    const data = b.buffer ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : b;
    const face = new FontFace(family, data, descriptors || {});
    await face.load();
    document.fonts.add(face);
  };
  return { transport, font };
}

export default {
  async render({ model, el }) {
    const { transport, font } = mibunWidgetTransport(model);
    const root = document.createElement("div");
    root.className = "mibun-app";
    el.appendChild(root);
    const p = model.get("params") || {};
    font("hangul", "Mibun Hangul").catch(() => {});
    const fonts = await transport("/api/fonts", {});
    for (const f of (fonts.data && fonts.data.katex) || []) {
      font(f.file, f.family, { style: f.style, weight: f.weight }).catch(() => {});
    }
    const app = await globalThis.MibunApp.mount(root, { transport, useUrl: false, params: p });
    el.mibunApp = app;
  },
};
