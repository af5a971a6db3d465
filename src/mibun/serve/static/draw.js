/* mibun explorer: canvas drawing only. Every number drawn here came from the server (the library);
   the only arithmetic is mapping data coordinates to pixels and picking tick marks. */
"use strict";
(function (g) {
  const FONT = '"Mibun Hangul", system-ui, sans-serif';
  const COLORS = { f: "#1f5fbf", df: "#e07b00", tan: "#c62828", sec: "#2e7d32", grid: "#eef1f6",
    axis: "#9aa4b8", text: "#3a4458", point: "#111" };

  function niceStep(span, n) {
    const raw = span / Math.max(1, n);
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }
  function fmtTick(v, step) {
    if (v === 0 || (step && Math.abs(v) < step * 1e-6)) return "0";
    const a = Math.abs(v);
    if (a >= 1e4 || a < 1e-3) return v.toExponential(0);
    return String(Math.round(v * 1e6) / 1e6);
  }
  function finiteValues(arrs) {
    const out = [];
    for (const a of arrs) for (const v of a || []) if (v !== null && isFinite(v)) out.push(v);
    return out;
  }
  function robustRange(values) {
    if (!values.length) return [-1, 1];
    const s = values.slice().sort((a, b) => a - b);
    let lo = s[Math.floor(0.02 * (s.length - 1))], hi = s[Math.ceil(0.98 * (s.length - 1))];
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    const pad = 0.08 * (hi - lo);
    return [lo - pad, hi + pad];
  }

  class Plot {
    constructor(canvas, opts) {
      this.c = canvas; this.opts = opts || {};
      this.logx = !!this.opts.logx; this.logy = !!this.opts.logy;
      this.m = { l: 48, r: 12, t: 12, b: 28 };
      this.x0 = 0; this.x1 = 1; this.y0 = 0; this.y1 = 1;
    }
    size() {
      const dpr = g.devicePixelRatio || 1;
      const w = this.c.clientWidth || 600, h = this.c.clientHeight || 360;
      if (this.c.width !== Math.round(w * dpr) || this.c.height !== Math.round(h * dpr)) {
        this.c.width = Math.round(w * dpr); this.c.height = Math.round(h * dpr);
      }
      this.w = w; this.h = h;
      this.ctx = this.c.getContext("2d");
      this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    tx(v) { return this.logx ? Math.log10(v) : v; }
    ty(v) { return this.logy ? Math.log10(v) : v; }
    setRange(x0, x1, y0, y1) { this.x0 = x0; this.x1 = x1; this.y0 = y0; this.y1 = y1; }
    px(x) { return this.m.l + (this.tx(x) - this.x0) / (this.x1 - this.x0) * (this.w - this.m.l - this.m.r); }
    py(y) { return this.h - this.m.b - (this.ty(y) - this.y0) / (this.y1 - this.y0) * (this.h - this.m.t - this.m.b); }
    dataX(px) {
      const v = this.x0 + (px - this.m.l) / (this.w - this.m.l - this.m.r) * (this.x1 - this.x0);
      return this.logx ? Math.pow(10, v) : v;
    }
    dataY(py) {
      const v = this.y0 + (this.h - this.m.b - py) / (this.h - this.m.t - this.m.b) * (this.y1 - this.y0);
      return this.logy ? Math.pow(10, v) : v;
    }
    clear() {
      this.size();
      const c = this.ctx;
      c.clearRect(0, 0, this.w, this.h);
      c.font = "11px " + FONT;
      c.lineWidth = 1;
      let sx = niceStep(this.x1 - this.x0, 8), sy = niceStep(this.y1 - this.y0, 6);
      if (this.logx) sx = Math.max(1, Math.round(sx));  // whole decades on log axes
      if (this.logy) sy = Math.max(1, Math.round(sy));
      c.fillStyle = COLORS.text; c.strokeStyle = COLORS.grid;
      c.textAlign = "center"; c.textBaseline = "top";
      for (let v = Math.ceil(this.x0 / sx) * sx; v <= this.x1 + 1e-12; v += sx) {
        const X = this.m.l + (v - this.x0) / (this.x1 - this.x0) * (this.w - this.m.l - this.m.r);
        c.beginPath(); c.moveTo(X, this.m.t); c.lineTo(X, this.h - this.m.b); c.stroke();
        c.fillText(this.logx ? "1e" + Math.round(v) : fmtTick(v, sx), X, this.h - this.m.b + 4);
      }
      c.textAlign = "right"; c.textBaseline = "middle";
      for (let v = Math.ceil(this.y0 / sy) * sy; v <= this.y1 + 1e-12; v += sy) {
        const Y = this.h - this.m.b - (v - this.y0) / (this.y1 - this.y0) * (this.h - this.m.t - this.m.b);
        c.beginPath(); c.moveTo(this.m.l, Y); c.lineTo(this.w - this.m.r, Y); c.stroke();
        c.fillText(this.logy ? "1e" + Math.round(v) : fmtTick(v, sy), this.m.l - 4, Y);
      }
      c.strokeStyle = COLORS.axis;
      if (!this.logx && this.x0 < 0 && this.x1 > 0) { c.beginPath(); c.moveTo(this.px(0), this.m.t); c.lineTo(this.px(0), this.h - this.m.b); c.stroke(); }
      if (!this.logy && this.y0 < 0 && this.y1 > 0) { c.beginPath(); c.moveTo(this.m.l, this.py(0)); c.lineTo(this.w - this.m.r, this.py(0)); c.stroke(); }
    }
    clip(fn) {
      const c = this.ctx;
      c.save(); c.beginPath();
      c.rect(this.m.l, this.m.t, this.w - this.m.l - this.m.r, this.h - this.m.t - this.m.b); c.clip();
      fn(c); c.restore();
    }
    line(xs, ys, color, opts) {
      opts = opts || {};
      this.clip((c) => {
        c.strokeStyle = color; c.lineWidth = opts.width || 2; c.setLineDash(opts.dash || []);
        c.beginPath();
        let pen = false;
        const span = (this.y1 - this.y0);
        for (let i = 0; i < xs.length; i++) {
          const y = ys[i];
          const ok = y !== null && isFinite(y) && (!this.logy || y > 0) && Math.abs(this.ty(y) - this.y0) < 50 * span;
          if (!ok) { pen = false; continue; }
          if (pen) c.lineTo(this.px(xs[i]), this.py(y)); else c.moveTo(this.px(xs[i]), this.py(y));
          pen = true;
        }
        c.stroke(); c.setLineDash([]);
      });
    }
    dot(x, y, color, r, hollow) {
      if (y === null || !isFinite(y)) return;
      this.clip((c) => {
        c.beginPath(); c.arc(this.px(x), this.py(y), r || 5, 0, 2 * Math.PI);
        if (hollow) { c.fillStyle = "#fff"; c.fill(); c.strokeStyle = color; c.lineWidth = 2; c.stroke(); }
        else { c.fillStyle = color; c.fill(); }
      });
    }
    arrow(x, y, dx, dy, color, width) {
      this.clip((c) => {
        const X0 = this.px(x), Y0 = this.py(y), X1 = this.px(x + dx), Y1 = this.py(y + dy);
        const a = Math.atan2(Y1 - Y0, X1 - X0), L = Math.hypot(X1 - X0, Y1 - Y0);
        if (!(L > 0.5)) return;
        const hd = Math.min(9, 0.4 * L);
        c.strokeStyle = c.fillStyle = color; c.lineWidth = width || 2;
        c.beginPath(); c.moveTo(X0, Y0); c.lineTo(X1, Y1); c.stroke();
        c.beginPath(); c.moveTo(X1, Y1);
        c.lineTo(X1 - hd * Math.cos(a - 0.45), Y1 - hd * Math.sin(a - 0.45));
        c.lineTo(X1 - hd * Math.cos(a + 0.45), Y1 - hd * Math.sin(a + 0.45));
        c.closePath(); c.fill();
      });
    }
    legend(entries, corner) {  // [[text, color, dashed]] in the top right (or "br": bottom right) corner
      const c = this.ctx;
      const y0 = corner === "br" ? this.h - this.m.b - 10 - 16 * (entries.length - 1) : this.m.t + 10;
      c.font = "12px " + FONT; c.textAlign = "right"; c.textBaseline = "middle";
      entries.forEach(([text, color, dashed], i) => {
        const X = this.w - this.m.r - 8, Y = y0 + 16 * i;
        c.fillStyle = COLORS.text; c.fillText(text, X - 30, Y);
        c.strokeStyle = color; c.lineWidth = 2; c.setLineDash(dashed ? [5, 4] : []);
        c.beginPath(); c.moveTo(X - 24, Y); c.lineTo(X, Y); c.stroke(); c.setLineDash([]);
      });
    }
    label(text, x, y, color) {
      this.clip((c) => { c.fillStyle = color || COLORS.text; c.font = "12px " + FONT;
        c.textAlign = "left"; c.textBaseline = "bottom"; c.fillText(text, this.px(x) + 6, this.py(y) - 4); });
    }
    heat(grid) {  // grid {x, y, z} with rows along y; colour by rank of value (log-like, robust)
      const vals = finiteValues(grid.z).sort((a, b) => a - b);
      if (!vals.length) return;
      const rank = (v) => { let lo = 0, hi = vals.length - 1; while (lo < hi) { const mid = (lo + hi) >> 1; if (vals[mid] < v) lo = mid + 1; else hi = mid; } return lo / Math.max(1, vals.length - 1); };
      const nx = grid.x.length, ny = grid.y.length;
      const dx = (grid.x[nx - 1] - grid.x[0]) / (nx - 1), dy = (grid.y[ny - 1] - grid.y[0]) / (ny - 1);
      this.clip((c) => {
        for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
          const v = grid.z[j][i];
          if (v === null || !isFinite(v)) continue;
          const t = rank(v);
          c.fillStyle = "hsl(" + (230 - 190 * t) + ",70%," + (88 - 30 * t) + "%)";
          const X0 = this.px(grid.x[i] - dx / 2), X1 = this.px(grid.x[i] + dx / 2);
          const Y0 = this.py(grid.y[j] + dy / 2), Y1 = this.py(grid.y[j] - dy / 2);
          c.fillRect(X0, Y0, X1 - X0 + 0.7, Y1 - Y0 + 0.7);
        }
      });
      this.contours(grid, vals);
    }
    contours(grid, sorted) {  // marching squares at quantile levels (drawing only)
      const nx = grid.x.length, ny = grid.y.length, z = grid.z;
      const levels = [];
      for (let k = 1; k < 10; k++) levels.push(sorted[Math.floor(k / 10 * (sorted.length - 1))]);
      this.clip((c) => {
        c.strokeStyle = "rgba(40,50,70,0.45)"; c.lineWidth = 1;
        for (const L of levels) {
          c.beginPath();
          for (let j = 0; j < ny - 1; j++) for (let i = 0; i < nx - 1; i++) {
            const q = [[grid.x[i], grid.y[j], z[j][i]], [grid.x[i + 1], grid.y[j], z[j][i + 1]],
              [grid.x[i + 1], grid.y[j + 1], z[j + 1][i + 1]], [grid.x[i], grid.y[j + 1], z[j + 1][i]]];
            if (q.some((p) => p[2] === null || !isFinite(p[2]))) continue;
            const pts = [];
            for (let e = 0; e < 4; e++) {
              const a = q[e], b = q[(e + 1) % 4];
              if ((a[2] < L) !== (b[2] < L)) {
                const t = (L - a[2]) / (b[2] - a[2]);
                pts.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
              }
            }
            for (let k = 0; k + 1 < pts.length; k += 2) {
              c.moveTo(this.px(pts[k][0]), this.py(pts[k][1])); c.lineTo(this.px(pts[k + 1][0]), this.py(pts[k + 1][1]));
            }
          }
          c.stroke();
        }
      });
    }
  }

  /* a wireframe of z = f(x, y) seen from azimuth `az` (radians) and elevation `el`: projection only */
  function surface3d(canvas, grid, az, el, mark) {
    const plot = new Plot(canvas); plot.size();
    const c = plot.ctx, W = plot.w, H = plot.h;
    c.clearRect(0, 0, W, H);
    const vals = finiteValues(grid.z);
    if (!vals.length) return;
    const [zlo, zhi] = robustRange(vals);
    const nx = grid.x.length, ny = grid.y.length;
    const X = (i) => 2 * i / (nx - 1) - 1, Y = (j) => 2 * j / (ny - 1) - 1;
    const Z = (z) => Math.max(-1.4, Math.min(1.4, 2 * (z - zlo) / (zhi - zlo) - 1)) * 0.7;
    const ca = Math.cos(az), sa = Math.sin(az), ce = Math.cos(el), se = Math.sin(el);
    const sc = Math.min(W, H) * 0.36;
    const proj = (x, y, z) => { const u = x * ca - y * sa, v = x * sa + y * ca; return [W / 2 + sc * u, H / 2 - sc * (z * ce + v * se)]; };
    c.lineWidth = 1;
    const draw = (pts) => {
      c.beginPath(); let pen = false;
      for (const [x, y, z] of pts) {
        if (z === null || !isFinite(z)) { pen = false; continue; }
        const [px, py] = proj(x, y, Z(z));
        if (pen) c.lineTo(px, py); else c.moveTo(px, py);
        pen = true;
      }
      c.stroke();
    };
    for (let j = 0; j < ny; j++) { c.strokeStyle = "hsla(220,60%,45%,0.7)"; draw(grid.x.map((_, i) => [X(i), Y(j), grid.z[j][i]])); }
    for (let i = 0; i < nx; i++) { c.strokeStyle = "hsla(30,70%,45%,0.55)"; draw(grid.y.map((_, j) => [X(i), Y(j), grid.z[j][i]])); }
    if (mark) {
      const tx = (mark.x - grid.x[0]) / (grid.x[nx - 1] - grid.x[0]) * 2 - 1, ty = (mark.y - grid.y[0]) / (grid.y[ny - 1] - grid.y[0]) * 2 - 1;
      const [px, py] = proj(tx, ty, Z(mark.z));
      c.fillStyle = COLORS.point; c.beginPath(); c.arc(px, py, 5, 0, 2 * Math.PI); c.fill();
    }
  }

  function fitY(plot, xs, arrays, extra) {
    const [lo, hi] = robustRange(finiteValues(arrays).concat(extra || []));
    plot.setRange(xs[0], xs[xs.length - 1], lo, hi);
  }

  function onDrag(canvas, cb) {  // cb(plot-relative px, py, phase) while the pointer is down
    let down = false;
    const at = (ev) => { const r = canvas.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; };
    canvas.addEventListener("pointerdown", (ev) => { down = true; canvas.setPointerCapture(ev.pointerId); cb(...at(ev), "down"); });
    canvas.addEventListener("pointermove", (ev) => { if (down) cb(...at(ev), "move"); });
    canvas.addEventListener("pointerup", (ev) => { if (down) { down = false; cb(...at(ev), "up"); } });
  }

  g.MibunDraw = { Plot, COLORS, surface3d, fitY, onDrag, robustRange, finiteValues };
})(typeof window !== "undefined" ? window : globalThis);
