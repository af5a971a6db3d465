/* mibun explorer: the one- and two-variable views. Each asks the server (the library) for numbers and
   draws them; every number stated on the page is shown as text too. */
"use strict";
(function (g) {
  const { el, tex, num, readout } = g.MibunApp;
  const D = g.MibunDraw;
  const V = g.MibunViews = g.MibunViews || {};

  function slider(id, label, min, max, step, value, oninput) {
    const input = el("input", { id, type: "range", min, max, step, value });
    input.addEventListener("input", () => oninput(parseFloat(input.value)));
    return [el("label", { for: id }, [document.createTextNode(label), input]), input];
  }
  function numberBox(id, label, value, onchange) {
    const input = el("input", { id, type: "number", step: "any", value });
    input.addEventListener("change", () => onchange(input.value));
    return [el("label", { for: id }, [document.createTextNode(label), input]), input];
  }
  function stateNum(app, key, def) { const v = parseFloat(app.state[key]); return isFinite(v) ? v : def; }

  /* ---- steps: the Derivation tree as nested <details>, KaTeX for every formula ---- */
  function stepNode(app, s, depth) {
    const d = el("details", { class: "mb-step", "data-rule": s.rule });
    if (depth < 1) d.open = true;
    const sum = el("summary");
    sum.appendChild(el("b", { class: "mb-step-title", text: s.title }));
    if (s.formula_latex) { sum.appendChild(document.createTextNode(": ")); sum.appendChild(tex(el("span", { class: "mb-step-formula" }), s.formula_latex)); }
    d.appendChild(sum);
    const given = Object.entries(s.given_latex || {});
    if (given.length) d.appendChild(tex(el("div", { class: "mb-given" }), given.map(([k, v]) => k + " = " + v).join(",\\quad ")));
    for (const n of s.notes || []) d.appendChild(el("div", { class: "mb-note", text: n }));
    for (const sub of s.substeps || []) d.appendChild(stepNode(app, sub, depth + 1));
    if (s.relation_latex) d.appendChild(tex(el("div", { class: "mb-rel", "data-text": s.relation }), "\\Rightarrow\\ " + s.relation_latex));
    return d;
  }
  function renderSteps(app, box, data) {
    box.textContent = "";
    box.appendChild(el("div", { class: "mb-muted", text: data.heading }));
    for (const s of data.steps) box.appendChild(stepNode(app, s, 0));
    const ans = el("div", { class: "mb-answer" }, [el("b", { text: app.t("answer") + ": " })]);
    ans.appendChild(tex(el("span", { id: "mb-answer-tex", "data-text": data.derivative }), "\\frac{d}{d" + data.var + "}\\left(" + data.latex + "\\right) = " + data.derivative_latex));
    box.appendChild(ans);
  }

  /* ---- tangent: f, f′, the point, its tangent line ---- */
  V.tangent = {
    build(app, root) {
      const canvas = el("canvas", { id: "mb-tangent-canvas", class: "mb-plot" });
      const [lab, x0in] = slider("mb-x0", app.t("point"), -10, 10, 0.01, stateNum(app, "x0", 1), (v) => { app.set("x0", v); this.point(app, root); });
      this.x0in = x0in;
      this.table = el("table", { class: "mb-readout", id: "mb-tangent-readout" });
      this.formula = el("div", { class: "mb-formula", id: "mb-derivative" });
      this.steps = el("div", { class: "mb-steps", id: "mb-tangent-steps" });
      root.append(el("div", { class: "mb-controls" }, [lab]), el("div", { class: "mb-row" }, [
        el("div", { class: "mb-col" }, [canvas]),
        el("div", { class: "mb-col" }, [this.table, this.formula, this.steps])]));
      this.plot = new D.Plot(canvas);
      D.onDrag(canvas, (px) => {
        if (!this.data) return;
        const x = Math.round(this.plot.dataX(px) * 100) / 100;
        x0in.value = x; app.set("x0", x); this.point(app, root);
      });
    },
    async update(app, root) {
      const x0 = stateNum(app, "x0", 1);
      const r = await app.call("/api/function", { f: app.state.f, x0, xmin: Math.min(-5, x0 - 3), xmax: Math.max(5, x0 + 3) }, "function");
      if (!r) return;
      this.data = r.data;
      this.x0in.min = r.data.samples.x[0]; this.x0in.max = r.data.samples.x[r.data.samples.x.length - 1];
      tex(this.formula, "f(" + r.data.var + ") = " + r.data.latex + ",\\qquad f'(" + r.data.var + ") = " + r.data.derivative_latex, true);
      this.formula.dataset.text = r.data.derivative;
      renderSteps(app, this.steps, r.data);
      this.pointData = r.data;
      this.draw(app);
      app.done(r.tok, "function");
    },
    async point(app) {
      if (!this.data) return;
      const r = await app.call("/api/point", { f: app.state.f, x0: app.state.x0 }, "point");
      if (!r) return;
      this.pointData = r.data;
      this.draw(app);
      app.done(r.tok, "point");
    },
    draw(app) {
      const d = this.data, p = this.pointData, s = d.samples;
      D.fitY(this.plot, s.x, [s.f, s.df]);
      this.plot.clear();
      this.plot.line(s.x, s.f, D.COLORS.f);
      this.plot.line(s.x, s.df, D.COLORS.df, { dash: [6, 4] });
      if (p.tangent) {
        const xs = [s.x[0], s.x[s.x.length - 1]];
        this.plot.line(xs, xs.map((x) => p.tangent.intercept + p.tangent.slope * x), D.COLORS.tan, { width: 1.5 });
      }
      this.plot.dot(p.x0, p.value, D.COLORS.point);
      this.plot.legend([["f", D.COLORS.f], ["f′", D.COLORS.df, true], [app.t("tangent"), D.COLORS.tan]]);
      readout(this.table, [
        ["mb-x0-value", app.t("point"), p.x0],
        ["mb-value", app.t("value"), p.value],
        ["mb-slope", app.t("slope"), p.slope !== null ? p.slope : p.point_error],
        ["mb-slope-exact", app.t("slope_exact"), p.slope_exact],
        ["mb-slope-numeric", app.t("slope_numeric"), p.slope_numeric],
        ["mb-tangent-line", app.t("tangent") + " = " + app.t("linear"), p.tangent ? p.tangent.text : "—"],
      ]);
    },
  };

  /* ---- quotient: the secant for h on a log slider, the quotient, its error, the V-shaped error curve ---- */
  V.quotient = {
    build(app, root) {
      const canvas = el("canvas", { id: "mb-quotient-canvas", class: "mb-plot" });
      const ecanvas = el("canvas", { id: "mb-error-canvas", class: "mb-plot mb-small" });
      const h = stateNum(app, "h", 0.5);
      const [labh, hin] = slider("mb-logh", app.t("h") + " (log₁₀)", -15, 0, 0.05, Math.log10(Math.abs(h)), (v) => { app.set("h", Math.pow(10, v)); this.update(app, root, "h"); });
      const [labx, xin] = slider("mb-x0q", app.t("point"), -5, 5, 0.01, stateNum(app, "x0", 1), (v) => { app.set("x0", v); this.update(app, root, "x0"); });
      this.hin = hin; this.xin = xin;
      this.table = el("table", { class: "mb-readout", id: "mb-quotient-readout" });
      root.append(el("div", { class: "mb-controls" }, [labh, labx]), el("div", { class: "mb-row" }, [
        el("div", { class: "mb-col" }, [canvas]),
        el("div", { class: "mb-col" }, [this.table, el("div", { class: "mb-muted", text: app.t("error_curve") }), ecanvas])]));
      this.plot = new D.Plot(canvas);
      this.eplot = new D.Plot(ecanvas, { logx: true, logy: true });
    },
    async update(app) {
      const x0 = stateNum(app, "x0", 1), h = Math.pow(10, parseFloat(this.hin.value));
      const r = await app.call("/api/quotient", { f: app.state.f, x0, h }, "quotient");
      if (!r) return;
      const d = r.data;
      if (!this.samples || this.samplesFor !== app.state.f + "@" + x0) {
        const s = await app.api("/api/function", { f: app.state.f, x0, xmin: x0 - 3, xmax: x0 + 3, n: 301 });
        if (s.status !== 200) return;
        this.samples = s.data.samples; this.samplesFor = app.state.f + "@" + x0;
      }
      const s = this.samples;
      D.fitY(this.plot, s.x, [s.f]);
      this.plot.clear();
      this.plot.line(s.x, s.f, D.COLORS.f);
      if (d.tangent) this.plot.line([s.x[0], s.x[s.x.length - 1]], [s.x[0], s.x[s.x.length - 1]].map((x) => d.tangent.intercept + d.tangent.slope * x), D.COLORS.tan, { width: 1, dash: [4, 4] });
      const [xa, xb] = d.secant.x, [ya, yb] = d.secant.y;
      if (isFinite(yb) && xb !== xa) {
        const m = d.quotient, xs = [s.x[0], s.x[s.x.length - 1]];
        this.plot.line(xs, xs.map((x) => ya + m * (x - xa)), D.COLORS.sec, { width: 1.8 });
        this.plot.dot(xb, yb, D.COLORS.sec, 4);
      }
      this.plot.dot(xa, ya, D.COLORS.point);
      this.plot.legend([["f", D.COLORS.f], [app.t("tangent"), D.COLORS.tan, true], [app.t("quotient").split(" (")[0], D.COLORS.sec]]);
      readout(this.table, [
        ["mb-h", app.t("h"), d.h],
        ["mb-quotient", app.t("quotient"), d.quotient],
        ["mb-exact", app.t("exact"), d.slope],
        ["mb-qerror", app.t("error"), d.error],
      ]);
      if (d.curve) {
        const hs = d.curve.h, es = d.curve.error.map((e) => (e === null || e <= 0 ? null : e));
        const pos = es.filter((e) => e !== null);
        this.eplot.setRange(-15.2, 0.2, Math.log10(Math.min(...pos, 1e-16)) - 0.5, Math.log10(Math.max(...pos, 1e-8)) + 0.5);
        this.eplot.clear();
        this.eplot.line(hs, es, D.COLORS.f);
        if (d.error > 0) this.eplot.dot(d.h, d.error, D.COLORS.sec, 5);
      }
      app.done(r.tok, "quotient");
    },
  };

  /* ---- limit: approach x0 from each side; the table fills in row by row ---- */
  V.limit = {
    build(app, root) {
      const canvas = el("canvas", { id: "mb-limit-canvas", class: "mb-plot" });
      const side = el("select", { id: "mb-side" }, ["both", "+", "-"].map((s) => el("option", { value: s, text: app.t(s === "both" ? "side.both" : s === "+" ? "side.right" : "side.left") })));
      side.value = app.state.side || "both";
      side.addEventListener("change", () => { app.set("side", side.value); this.update(app, root); });
      const [labx, xin] = numberBox("mb-x0l", app.t("point"), app.state.x0 || "0", (v) => { app.set("x0", v); this.update(app, root); });
      xin.type = "text"; xin.size = 8;  // a number, or inf / -inf
      this.xin = xin;
      this.verdict = el("div", { class: "mb-verdict", id: "mb-limit-verdict" });
      this.table = el("table", { class: "mb-readout", id: "mb-limit-readout" });
      this.rows = el("table", { class: "mb-table", id: "mb-limit-table" });
      root.append(el("div", { class: "mb-controls" }, [labx, el("label", { for: "mb-side" }, [document.createTextNode(app.t("side")), side])]),
        el("div", { class: "mb-row" }, [el("div", { class: "mb-col" }, [canvas]), el("div", { class: "mb-col" }, [this.verdict, this.table, this.rows])]));
      this.plot = new D.Plot(canvas);
    },
    async update(app) {
      const raw = String(app.state.x0 || "0").trim().toLowerCase();
      const inf = ["inf", "+inf", "-inf", "oo", "-oo", "∞", "-∞"].includes(raw);
      const x0 = inf ? 0 : stateNum(app, "x0", 0);
      const q = { f: app.state.f, x0: inf ? raw : x0, side: app.state.side || "both" };
      if (!inf) Object.assign(q, { xmin: x0 - 2, xmax: x0 + 2 });
      const r = await app.call("/api/limit", q, "limit");
      if (!r) return;
      const d = r.data, s = d.samples;
      D.fitY(this.plot, s.x, [s.f], d.value !== null ? [d.value] : []);
      this.plot.clear();
      this.plot.line(s.x, s.f, D.COLORS.f);
      if (d.value !== null && !inf) this.plot.dot(x0, d.value, D.COLORS.f, 5, true);
      if (d.value !== null && inf) this.plot.line([s.x[0], s.x[s.x.length - 1]], [d.value, d.value], D.COLORS.tan, { dash: [5, 4], width: 1 });
      this.verdict.textContent = d.text;
      readout(this.table, [["mb-limit-value", app.t("limit_value"), d.value], ["mb-limit-left", app.t("side.left"), d.left], ["mb-limit-right", app.t("side.right"), d.right]]);
      this.rows.textContent = "";
      this.rows.appendChild(el("tr", {}, d.columns.map((c) => el("th", { text: c }))));
      clearInterval(this.timer);
      let k = 0;
      const add = () => {
        if (k >= d.rows.length) { clearInterval(this.timer); this.rows.dataset.full = "1"; return; }
        const row = d.rows[k++];
        this.rows.appendChild(el("tr", {}, row.map((v) => el("td", { text: num(v) }))));
        if (!inf) for (let i = 0; i + 1 < row.length; i += 2) if (row[i + 1] !== null) this.plot.dot(row[i], row[i + 1], D.COLORS.sec, 3);
      };
      delete this.rows.dataset.full;
      add();
      this.timer = setInterval(add, 120);
      app.done(r.tok, "limit");
    },
  };

  /* ---- steps: the whole derivation ---- */
  V.steps = {
    build(app, root) {
      this.box = el("div", { class: "mb-steps", id: "mb-steps" });
      const all = el("button", { id: "mb-expand", text: app.t("steps_all"), onclick: () => this.box.querySelectorAll("details").forEach((d) => { d.open = true; }) });
      const none = el("button", { id: "mb-collapse", text: app.t("steps_none"), onclick: () => this.box.querySelectorAll("details").forEach((d) => { d.open = false; }) });
      root.append(el("div", { class: "mb-controls" }, [all, none]), this.box);
    },
    async update(app) {
      const r = await app.call("/api/function", { f: app.state.f, x0: stateNum(app, "x0", 1), n: 11 }, "steps");
      if (!r) return;
      renderSteps(app, this.box, r.data);
      app.done(r.tok, "steps");
    },
  };

  /* ---- surface: contour map, draggable point, gradient arrow and field, the two partial slices ---- */
  V.surface = {
    build(app, root) {
      const canvas = el("canvas", { id: "mb-surface-canvas", class: "mb-plot" });
      const sx = el("canvas", { id: "mb-slice-x", class: "mb-plot mb-small" });
      const sy = el("canvas", { id: "mb-slice-y", class: "mb-plot mb-small" });
      const field = el("input", { id: "mb-field", type: "checkbox" });
      field.checked = app.state.field !== "0";
      field.addEventListener("change", () => { app.set("field", field.checked ? "1" : "0"); this.draw(app); });
      this.table = el("table", { class: "mb-readout", id: "mb-surface-readout" });
      this.formula = el("div", { class: "mb-formula", id: "mb-partials" });
      this.field = field;
      const three = el("input", { id: "mb-3d", type: "checkbox" });
      three.checked = app.state.view3d === "1";
      three.addEventListener("change", () => { app.set("view3d", three.checked ? "1" : "0"); this.draw(app); });
      this.three = three; this.az = 0.6;
      this.sxTitle = el("div", { class: "mb-muted", text: app.t("slice_x") });
      root.append(el("div", { class: "mb-controls" }, [el("label", { for: "mb-field" }, [field, document.createTextNode(app.t("field"))]),
        el("label", { for: "mb-3d" }, [three, document.createTextNode(app.t("surface3d"))])]),
        el("div", { class: "mb-row" }, [el("div", { class: "mb-col" }, [canvas, this.formula, this.table]),
          el("div", { class: "mb-col" }, [this.sxTitle, sx, el("div", { class: "mb-muted", text: app.t("slice_y") }), sy])]));
      this.plot = new D.Plot(canvas); this.px = new D.Plot(sx); this.py = new D.Plot(sy);
      let lastX = null;
      D.onDrag(canvas, (X, Y, phase) => {
        if (!this.data) return;
        if (this.three.checked) {  // in 3D, dragging turns the surface
          if (phase === "down") lastX = X;
          else { this.az += (X - lastX) / 120; lastX = X; this.draw(app); }
          return;
        }
        app.set("x0", Math.round(this.plot.dataX(X) * 100) / 100, true); app.set("y0", Math.round(this.plot.dataY(Y) * 100) / 100, phase !== "up");
        this.update(app, root, "point");
      });
    },
    async update(app, root, reason) {
      const r = await app.call("/api/surface", { f: app.state.f, x0: stateNum(app, "x0", 1), y0: stateNum(app, "y0", 1), n: 41 }, reason === "point" ? "point" : "surface");
      if (!r) return;
      this.data = r.data;
      this.draw(app);
      app.done(r.tok, "surface");
    },
    draw(app) {
      const d = this.data; if (!d) return;
      const G = d.grid, p = this.plot;
      p.setRange(G.x[0], G.x[G.x.length - 1], G.y[0], G.y[G.y.length - 1]);
      const span = (G.x[G.x.length - 1] - G.x[0]);
      if (this.three.checked) D.surface3d(p.c, G, this.az, 0.55, { x: d.x0, y: d.y0, z: d.value });
      else p.clear(), p.heat(G);
      if (this.field.checked && !this.three.checked) {
        const F = d.field; let mx = 0;
        for (const row of F.u.concat(F.v)) for (const v of row) if (v !== null && isFinite(v)) mx = Math.max(mx, Math.abs(v));
        const sc = mx > 0 ? span / 16 / mx : 0;
        for (let j = 0; j < F.y.length; j++) for (let i = 0; i < F.x.length; i++) {
          const u = F.u[j][i], v = F.v[j][i];
          if (u !== null && v !== null) p.arrow(F.x[i], F.y[j], u * sc, v * sc, "rgba(30,30,30,0.55)", 1);
        }
      }
      const [gx, gy] = d.gradient, gn = Math.hypot(gx, gy);
      if (!this.three.checked) {
        if (gn > 0) p.arrow(d.x0, d.y0, gx / gn * span / 6, gy / gn * span / 6, D.COLORS.tan, 2.5);
        p.dot(d.x0, d.y0, D.COLORS.point);
      }
      const [a, b] = d.partials;
      tex(this.formula, "\\frac{\\partial f}{\\partial " + a.var + "} = " + a.latex + ",\\quad \\frac{\\partial f}{\\partial " + b.var + "} = " + b.latex, true);
      readout(this.table, [["mb-sx0", d.vars[0] + "₀", d.x0], ["mb-sy0", d.vars[1] + "₀", d.y0], ["mb-svalue", "f", d.value],
        ["mb-partial-x", "∂f/∂" + a.var, a.value], ["mb-partial-y", "∂f/∂" + b.var, b.value],
        ["mb-gradient", app.t("gradient"), "(" + num(gx) + ", " + num(gy) + ")"]]);
      for (const [plot, xs, zs, c0, slope] of [[this.px, d.slice_x.x, d.slice_x.z, d.x0, a.value], [this.py, d.slice_y.y, d.slice_y.z, d.y0, b.value]]) {
        D.fitY(plot, xs, [zs], [d.value]);
        plot.clear(); plot.line(xs, zs, D.COLORS.f);
        const ends = [xs[0], xs[xs.length - 1]];
        plot.line(ends, ends.map((t) => d.value + slope * (t - c0)), D.COLORS.tan, { width: 1.5 });
        plot.dot(c0, d.value, D.COLORS.point);
        plot.legend([["f", D.COLORS.f], [app.t("tangent"), D.COLORS.tan]]);
      }
    },
  };

  /* ---- descent: mibun.optim's path on the typed surface or a classic test function ---- */
  const OPTS = ["gd", "momentum", "nag", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "adamax", "nadam"];
  const PRESETS = ["typed", "rosenbrock", "beale", "saddle", "bowl"];
  const RUN_COLORS = ["#111111", "#c62828", "#6a1b9a", "#00838f"];
  V.descent = {
    build(app, root) {
      const canvas = el("canvas", { id: "mb-descent-canvas", class: "mb-plot" });
      const chosen = new Set((app.state.opt || "gd").split(","));
      this.boxes = OPTS.map((o) => {
        const b = el("input", { id: "mb-opt-" + o, type: "checkbox", value: o });
        b.checked = chosen.has(o);
        b.addEventListener("change", () => {
          const before = (app.state.opt || "gd").split(",").filter((x) => this.boxes.some((y) => y.checked && y.value === x));
          let list = before.concat(b.checked && !before.includes(o) ? [o] : []);  // keep the order of choosing
          if (list.length > 4) { b.checked = false; list = list.filter((x) => x !== o); }
          if (!list.length) { b.checked = true; list = [o]; }
          app.set("opt", list.join(",")); this.update(app, root);
        });
        return b;
      });
      const optRow = el("div", { class: "mb-controls", id: "mb-opts" }, [el("span", { text: app.t("optimizer") + ":" })].concat(
        this.boxes.map((b) => el("label", { for: b.id }, [b, document.createTextNode(b.value)]))));
      const preset = el("select", { id: "mb-preset" }, PRESETS.map((o) => el("option", { value: o, text: o === "typed" ? app.t("preset.typed") : o })));
      preset.value = app.state.preset || "typed";
      const [lablr, lr] = numberBox("mb-lr", app.t("lr"), app.state.lr || "0.05", (v) => { app.set("lr", v); this.update(app, root); });
      const [labn, steps] = numberBox("mb-nsteps", app.t("steps_n"), app.state.steps || "100", (v) => { app.set("steps", v); this.update(app, root); });
      preset.addEventListener("change", () => { app.set("preset", preset.value); this.update(app, root); });
      this.table = el("table", { class: "mb-readout", id: "mb-descent-readout" });
      this.lossCanvas = el("canvas", { id: "mb-loss-canvas", class: "mb-plot mb-small" });
      root.append(optRow, el("div", { class: "mb-controls" }, [
        el("label", { for: "mb-preset" }, [document.createTextNode(app.t("preset")), preset]), lablr, labn]),
        el("div", { class: "mb-row" }, [el("div", { class: "mb-col" }, [canvas]), el("div", { class: "mb-col" }, [this.table, this.lossCanvas])]));
      this.plot = new D.Plot(canvas); this.lplot = new D.Plot(this.lossCanvas, { logy: true });
      D.onDrag(canvas, (X, Y, phase) => {
        if (phase !== "up" || !this.data) return;
        app.set("x0", Math.round(this.plot.dataX(X) * 100) / 100, true); app.set("y0", Math.round(this.plot.dataY(Y) * 100) / 100);
        this.update(app, root);
      });
    },
    async update(app) {
      const q = { f: app.state.f, preset: app.state.preset || "typed", opt: app.state.opt || "gd", lr: app.state.lr || "0.05",
        steps: app.state.steps || "100", x0: stateNum(app, "x0", -1.5), y0: stateNum(app, "y0", 1.5) };
      if (q.preset === "beale") Object.assign(q, { xmin: -4.5, xmax: 4.5, ymin: -4.5, ymax: 4.5 });
      if (q.preset === "rosenbrock") Object.assign(q, { xmin: -2, xmax: 2, ymin: -1, ymax: 3 });
      const r = await app.call("/api/descent", q, "descent");
      if (!r) return;
      const d = this.data = r.data, G = d.grid, p = this.plot;
      if (d.preset !== "typed") app.input.value = d.input;  // the box shows the function being descended
      p.setRange(G.x[0], G.x[G.x.length - 1], G.y[0], G.y[G.y.length - 1]);
      p.clear(); p.heat(G);
      const rows = [["mb-descent-f", "f", d.expr]];
      let lo = Infinity, hi = -Infinity, nmax = 1;
      d.runs.forEach((run, k) => {
        const color = RUN_COLORS[k % RUN_COLORS.length];
        p.line(run.path.map((v) => v[0]), run.path.map((v) => v[1]), color, { width: 2 });
        p.dot(run.final[0], run.final[1], color, 5);
        const sfx = k === 0 ? "" : "-" + run.optimizer;
        rows.push(["mb-opt-class" + sfx, app.t("optimizer"), run.class + " " + JSON.stringify(run.kwargs)],
          ["mb-final-x" + sfx, app.t("final") + " " + d.vars[0], run.final[0]], ["mb-final-y" + sfx, app.t("final") + " " + d.vars[1], run.final[1]],
          ["mb-final-loss" + sfx, app.t("final_loss"), run.final_loss], ["mb-nsteps-done" + sfx, app.t("steps_n"), run.path.length - 1]);
        if (run.diverged) rows.push(["mb-diverged" + sfx, run.optimizer, app.t("diverged")]);
        for (const v of run.loss) if (v !== null && v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        nmax = Math.max(nmax, run.loss.length - 1);
      });
      p.dot(d.runs[0].path[0][0], d.runs[0].path[0][1], D.COLORS.sec, 5);
      p.legend(d.runs.map((run, k) => [run.optimizer, RUN_COLORS[k % RUN_COLORS.length]]));
      readout(this.table, rows);
      if (isFinite(lo)) {
        this.lplot.setRange(0, nmax, Math.log10(lo) - 0.3, Math.log10(hi) + 0.3);
        this.lplot.clear();
        d.runs.forEach((run, k) => this.lplot.line(run.loss.map((_, i) => i), run.loss.map((v) => (v !== null && v > 0 ? v : null)), RUN_COLORS[k % RUN_COLORS.length]));
        this.lplot.legend(d.runs.map((run, k) => ["f(θₖ) " + run.optimizer, RUN_COLORS[k % RUN_COLORS.length]]));
      }
      app.done(r.tok, "descent");
    },
  };
})(typeof window !== "undefined" ? window : globalThis);
