/* mibun explorer: the backprop playground. The typed expression runs on mibun's engine (server side);
   mb.explain reports every node (value, gradient) and edge (rule, local derivative); this file lays the
   graph out in SVG and shows a node's rule on click. Below it, the vanishing-gradient demonstration. */
"use strict";
(function (g) {
  const { el, tex, num, readout } = g.MibunApp;
  const D = g.MibunDraw;
  const SVG = "http://www.w3.org/2000/svg";
  function s(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function short(v) { return typeof v === "number" ? String(Number(v.toPrecision(6))) : num(v); }

  function layout(nodes, edges) {  // column = longest path from a leaf (drawing only)
    const col = {}, ins = {};
    for (const n of nodes) { col[n.id] = 0; ins[n.id] = []; }
    for (const e of edges) if (ins[e.to]) ins[e.to].push(e.from);
    let changed = true, guard = 0;
    while (changed && guard++ < 200) {
      changed = false;
      for (const e of edges) if (col[e.from] !== undefined && col[e.to] <= col[e.from]) { col[e.to] = col[e.from] + 1; changed = true; }
    }
    const byCol = {};
    for (const n of nodes) (byCol[col[n.id]] = byCol[col[n.id]] || []).push(n);
    const pos = {};
    const W = 190, H = 70;
    let maxRows = 1;
    for (const [c, list] of Object.entries(byCol)) {
      maxRows = Math.max(maxRows, list.length);
      list.forEach((n, i) => { pos[n.id] = { x: 10 + c * W, y: 10 + i * H }; });
    }
    const ncol = Math.max(...Object.values(col)) + 1;
    return { pos, width: ncol * W + 20, height: maxRows * H + 20 };
  }

  g.MibunViews.backprop = {
    build(app, root) {
      this.inputs = el("div", { class: "mb-controls", id: "mb-bp-inputs" });
      this.svgBox = el("div", { id: "mb-graph-box", class: "mb-graph-box" });
      this.info = el("div", { id: "mb-node-info", class: "mb-col" }, [el("div", { class: "mb-muted", text: app.t("click_node") })]);
      this.table = el("table", { class: "mb-readout", id: "mb-bp-readout" });
      const vcan = el("canvas", { id: "mb-vanish-canvas", class: "mb-plot mb-small" });
      const [labd, depth] = [el("label", { for: "mb-depth" }), el("input", { id: "mb-depth", type: "range", min: 2, max: 30, step: 1, value: app.state.depth || 10 })];
      labd.append(document.createTextNode(app.t("depth")), depth);
      this.depthOut = el("span", { id: "mb-depth-out" });
      labd.append(this.depthOut);
      depth.addEventListener("input", () => { app.set("depth", depth.value); this.vanish(app); });
      this.depth = depth;
      this.vtable = el("table", { class: "mb-readout", id: "mb-vanish-readout" });
      root.append(this.inputs, this.svgBox, el("div", { class: "mb-row" }, [el("div", { class: "mb-col" }, [this.table]), this.info]),
        el("h3", { text: app.t("vanish") }), el("div", { class: "mb-controls" }, [labd]),
        el("div", { class: "mb-row" }, [el("div", { class: "mb-col" }, [vcan]), el("div", { class: "mb-col" }, [this.vtable])]));
      this.vplot = new D.Plot(vcan, { logy: true });
      this.vanish(app);
    },
    async update(app, root) {
      const params = { f: app.state.f };
      for (const [k, v] of Object.entries(app.state)) if (k === "x0" || k === "y0" || k.startsWith("at_")) params[k] = v;
      const r = await app.call("/api/backprop", params, "backprop");
      if (!r) return;
      const d = this.data = r.data;
      this.inputs.textContent = "";
      const ex = el("select", { id: "mb-bp-example", "aria-label": app.t("example") }, [el("option", { value: "", text: app.t("example") })]
        .concat(Object.entries(d.examples).map(([k, f]) => el("option", { value: f, text: app.t("example." + k) + ": " + f }))));
      ex.addEventListener("change", () => { if (ex.value) { app.input.value = ex.value; app.set("f", ex.value); this.update(app, root); } });
      this.inputs.appendChild(ex);
      d.vars.forEach((v) => {
        const key = "at_" + v;
        const inp = el("input", { id: "mb-bp-" + v, type: "number", step: "any", value: String(d.point[v]) });
        inp.addEventListener("change", () => { app.set(key, inp.value); this.update(app, root); });
        this.inputs.appendChild(el("label", { for: "mb-bp-" + v }, [document.createTextNode(v + " ="), inp]));
      });
      this.draw(app);
      readout(this.table, [["mb-bp-value", "f", d.value]].concat(d.vars.map((v) => ["mb-bp-grad-" + v, "∂f/∂" + v, d.gradient[v]]))
        .concat(d.vars.map((v) => ["mb-bp-sym-" + v, app.t("symbolic") + v, d.symbolic[v]])));
      if (this.selected) this.select(app, this.selected);
      app.done(r.tok, "backprop");
    },
    draw(app) {
      const d = this.data, L = layout(d.nodes, d.edges), box = this.svgBox;
      box.textContent = "";
      const svg = s("svg", { class: "mb-graph", id: "mb-graph", viewBox: "0 0 " + L.width + " " + L.height, width: L.width, height: L.height, style: "width:" + L.width + "px;height:" + L.height + "px" });
      for (const e of d.edges) {
        const a = L.pos[e.from], b = L.pos[e.to];
        if (!a || !b) continue;
        const x1 = a.x + 140, y1 = a.y + 30, x2 = b.x, y2 = b.y + 30;
        svg.appendChild(s("path", { class: "mb-edge", d: "M" + x1 + "," + y1 + " C" + (x1 + 15) + "," + y1 + " " + (x2 - 15) + "," + y2 + " " + x2 + "," + y2 }));
        svg.appendChild(s("text", { class: "mb-elabel", x: (x1 + x2) / 2 - 10, y: (y1 + y2) / 2 - 3 }, "×" + short(e.local)));
      }
      for (const n of d.nodes) {
        const p = L.pos[n.id];
        const gnode = s("g", { class: "mb-node" + (n.leaf ? " mb-leaf" : ""), "data-id": n.id, transform: "translate(" + p.x + "," + p.y + ")", tabindex: "0" });
        gnode.appendChild(s("rect", { width: 140, height: 60 }));
        gnode.appendChild(s("text", { x: 6, y: 15 }, n.id + (n.leaf ? "" : " = " + n.expression).slice(0, 18)));
        gnode.appendChild(s("text", { x: 6, y: 32, class: "mb-nv" }, app.t("node_value") + " " + short(n.value)));
        gnode.appendChild(s("text", { x: 6, y: 49, class: "mb-ng" }, "∂f/∂" + n.id + " " + short(n.grad)));
        gnode.addEventListener("click", () => this.select(app, n.id));
        gnode.addEventListener("keydown", (ev) => { if (ev.key === "Enter") this.select(app, n.id); });
        svg.appendChild(gnode);
      }
      box.appendChild(svg);
    },
    select(app, id) {
      const d = this.data, n = d.nodes.find((x) => x.id === id);
      if (!n) return;
      this.selected = id;
      this.svgBox.querySelectorAll(".mb-node").forEach((x) => x.classList.toggle("mb-sel", x.dataset.id === id));
      const info = this.info;
      info.textContent = "";
      info.appendChild(el("h3", { text: app.t("node") + " " + n.id + (n.title ? " — " + n.title : "") }));
      const t = el("table", { class: "mb-readout", id: "mb-node-readout" });
      const out = d.edges.filter((e) => e.from === id);
      readout(t, [["mb-node-expr", "", n.leaf ? n.id : n.id + " = " + n.expression], ["mb-node-value", app.t("node_value"), n.value],
        ["mb-node-grad", app.t("node_grad"), n.grad]].concat(out.map((e, i) => ["mb-node-local-" + i, app.t("node_local") + " ∂" + e.to + "/∂" + id, e.local])));
      info.appendChild(t);
      for (const e of d.edges.filter((x) => x.to === id)) {
        const box = el("div", { class: "mb-rule", "data-input": e.from, "data-rule": e.rule });
        box.appendChild(el("div", { class: "mb-muted", text: "∂" + id + "/∂" + e.from + ": " + e.rule }));
        box.appendChild(tex(el("div"), e.rule_latex, false));
        box.appendChild(el("div", { class: "mb-muted", text: app.t("node_local") + " = " + num(e.local) + ";  " + app.t("node_grad").split(" ")[0] + " ∂f/∂" + e.from + " += " + num(e.contribution) }));
        info.appendChild(box);
      }
    },
    async vanish(app) {
      this.depthOut.textContent = " " + this.depth.value;
      const r = await app.api("/api/vanish", { depth: this.depth.value });
      if (r.status !== 200) return;
      const d = r.data, sig = d.networks.sigmoid, relu = d.networks.relu;
      const layers = sig.relative.map((_, i) => i + 1);
      const all = sig.relative.concat(relu.relative, d.bound).filter((v) => v > 0);
      this.vplot.setRange(0.5, layers.length + 0.5, Math.log10(Math.min(...all)) - 0.5, Math.log10(Math.max(...all)) + 0.5);
      this.vplot.clear();
      this.vplot.line(layers, sig.relative, D.COLORS.tan);
      this.vplot.line(layers, relu.relative, D.COLORS.sec);
      this.vplot.line(layers, d.bound, "#888", { dash: [4, 4], width: 1 });
      this.vplot.legend([["sigmoid", D.COLORS.tan], ["ReLU (He)", D.COLORS.sec], ["0.25ⁿ", "#888", true]], "br");
      layers.forEach((x, i) => { this.vplot.dot(x, sig.relative[i], D.COLORS.tan, 3); this.vplot.dot(x, relu.relative[i], D.COLORS.sec, 3); });
      readout(this.vtable, [["mb-vanish-depth", app.t("depth"), d.depth],
        ["mb-vanish-sigmoid", "sigmoid: " + app.t("first_to_last"), sig.first_to_last],
        ["mb-vanish-relu", "ReLU (He): " + app.t("first_to_last"), relu.first_to_last],
        ["mb-vanish-verdict-s", "sigmoid", sig.verdict], ["mb-vanish-verdict-r", "ReLU", relu.verdict]]);
      this.vtable.dataset.depth = String(d.depth);
    },
  };
})(typeof window !== "undefined" ? window : globalThis);
