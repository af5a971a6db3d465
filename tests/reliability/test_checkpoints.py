"""Checkpoints: checksummed; truncated, tampered, foreign or missing files give a clear MibunError (never
BadZipFile); a process killed with SIGKILL while saving leaves the previous checkpoint loadable; a resumed
fit equals an uninterrupted one; a NaN loss stops fit and keeps the last good checkpoint."""

import os
import random
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import mibun as mb
from mibun import nn
from mibun.train.checkpoint import read_checkpoint


def toy(n=96, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 3)).astype(np.float32)
    y = (x[:, 0] - x[:, 2] > 0).astype(np.int64)
    return x, y


def model(seed=0):
    nn.init.manual_seed(seed)
    return nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Dropout(0.3), nn.Linear(16, 2))


@pytest.fixture()
def saved(tmp_path):
    m = model()
    opt = mb.optim.Adam(m.parameters(), lr=0.01)
    mb.train.fit(m, nn.CrossEntropyLoss(), opt, toy(), epochs=1, progress=False, seed=0)
    path = tmp_path / "ck.npz"
    mb.train.save_checkpoint(path, m, opt, extra={"epoch": 1})
    return path, m, opt


def test_round_trip_with_checksum(saved):
    path, m, opt = saved
    files = read_checkpoint(path)
    assert "__checksum__" in files
    m2, o2 = model(seed=3), None
    o2 = mb.optim.Adam(m2.parameters(), lr=0.5)
    assert mb.train.load_checkpoint(path, m2, o2) == {"epoch": 1}
    for a, b in zip(m.parameters(), m2.parameters(), strict=True):
        assert a.data.tobytes() == b.data.tobytes()


@pytest.mark.parametrize("cut", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_truncated_file_is_a_clear_error(saved, cut):
    path = saved[0]
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(mb.MibunError) as exc:
        mb.train.load_checkpoint(path, model())
    assert exc.value.key in ("reliability.checkpoint.unreadable", "reliability.checkpoint.checksum")
    assert str(path) in str(exc.value)


def test_every_tampered_byte_is_caught(saved):
    path = saved[0]
    data = bytearray(path.read_bytes())
    rng = random.Random(0)
    for pos in rng.sample(range(len(data)), 25):
        bad = bytearray(data)
        bad[pos] ^= 0x41
        path.write_bytes(bytes(bad))
        try:
            read_checkpoint(path)
        except mb.MibunError as exc:
            assert exc.key.startswith("reliability.checkpoint.")
        else:  # a flip in zip padding/unused header bytes may leave every array intact: then it loads the same
            files = read_checkpoint(path)
            path.write_bytes(bytes(data))
            good = read_checkpoint(path)
            assert all(np.array_equal(files[k], good[k]) for k in good)


def test_a_consistent_rewrite_of_a_value_fails_the_checksum(saved, tmp_path):
    path = saved[0]
    files = dict(read_checkpoint(path))
    key = next(k for k in files if k.startswith("model/"))
    files[key] = files[key] + 1                       # a valid archive, but not what was saved
    forged = tmp_path / "forged.npz"
    np.savez(forged, **files)
    with pytest.raises(mb.MibunError) as exc:
        mb.train.load_checkpoint(forged, model())
    assert exc.value.key == "reliability.checkpoint.checksum"
    assert "검사합" in exc.value.message("ko")


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(mb.MibunError) as exc:
        mb.train.load_checkpoint(tmp_path / "nope.npz")
    assert exc.value.key == "reliability.checkpoint.missing"
    (tmp_path / "junk.npz").write_bytes(b"not a zip at all")
    with pytest.raises(mb.MibunError):
        mb.train.load_checkpoint(tmp_path / "junk.npz")
    np.savez(tmp_path / "other.npz", a=np.arange(3))
    with pytest.raises(mb.MibunError):
        mb.train.load_checkpoint(tmp_path / "other.npz")


_SAVER = textwrap.dedent("""
    import sys
    import numpy as np
    from mibun.train.checkpoint import save_checkpoint

    class Big:  # a state dict large enough that saving takes a while
        def __init__(self, k):
            self.k = k
        def state_dict(self):
            return {"w": np.full((800, 800), float(self.k)), "b": np.full(800, float(self.k))}

    path = sys.argv[1]
    k = 0
    while True:
        k += 1
        save_checkpoint(path, Big(k), extra={"k": k})
        print(k, flush=True)
""")


@pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGKILL is POSIX")
def test_sigkill_while_saving_leaves_the_previous_checkpoint_intact(tmp_path):
    path = tmp_path / "live.npz"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    rng = random.Random(1234)
    last_k = 0
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(path)], stdout=subprocess.PIPE, env=env,
                                text=True)
        line = proc.stdout.readline()                 # at least one complete save
        assert line.strip()
        time.sleep(rng.uniform(0.0, 0.3))             # then kill it at a random point of a later save
        proc.kill()                                   # SIGKILL: no cleanup, no finally blocks
        proc.wait()
        proc.stdout.close()
        files = read_checkpoint(path)                 # loads, checksum intact
        k = int(float(files["model/w"][0, 0]))
        assert np.all(files["model/w"] == k) and np.all(files["model/b"] == k)
        assert k >= 1
        last_k = k
    assert last_k >= 1
    leftovers = [f for f in os.listdir(tmp_path) if f != "live.npz"]
    # only unfinished temporaries (the archive, or the empty "can I write here" probe), never the target
    assert all(f.startswith((".tmp-", ".mibun-probe-")) for f in leftovers), leftovers


def _train(epochs, resume=None, seed=7):
    m = model(seed=1)
    opt = mb.optim.Adam(m.parameters(), lr=0.01)
    hist = mb.train.fit(m, nn.CrossEntropyLoss(), opt, toy(), epochs=epochs, batch_size=16, progress=False,
                        seed=seed, resume=resume)
    return m, opt, hist


def test_resumed_fit_equals_an_uninterrupted_one(tmp_path):
    full, full_opt, full_hist = _train(4)
    state = tmp_path / "run" / "state.npz"
    _train(2, resume=state)                           # "interrupted" after epoch 2
    assert state.exists()
    m, opt, hist = _train(4, resume=state)            # a fresh process would do exactly this
    for a, b in zip(full.parameters(), m.parameters(), strict=True):
        assert a.data.tobytes() == b.data.tobytes()
    assert full_opt.state_dict()["state"].keys() == opt.state_dict()["state"].keys()
    for i, st in full_opt.state_dict()["state"].items():
        for k, v in st.items():
            assert np.array_equal(v, opt.state_dict()["state"][i][k])
    assert hist.epoch == [1, 2, 3, 4] and hist.to_dict() == full_hist.to_dict()
    # a finished run resumes to nothing more
    m2, _, hist2 = _train(4, resume=state)
    assert hist2.epoch == [1, 2, 3, 4]


def _train_with_callbacks(epochs, resume, folder):
    m = model(seed=1)
    opt = mb.optim.Adam(m.parameters(), lr=0.01)
    es = mb.train.EarlyStopping(monitor="loss", min_delta=0.02, patience=2, restore_best_weights=True)
    ck = mb.train.ModelCheckpoint(folder / "best-{epoch}.npz", monitor="loss")
    hist = mb.train.fit(m, nn.CrossEntropyLoss(), opt, toy(), epochs=epochs, batch_size=16, progress=False,
                        seed=7, resume=resume, callbacks=[es, ck])
    return m, hist, es, ck


@pytest.mark.parametrize("interrupted_after", [7, 9])  # both with EarlyStopping's patience counter at 1
def test_resumed_fit_with_early_stopping_equals_an_uninterrupted_one(tmp_path, interrupted_after):
    full, full_hist, full_es, full_ck = _train_with_callbacks(30, None, tmp_path / "full")
    assert full_hist.epoch[-1] == full_es.stopped_epoch == 10 and full_es.best_epoch == 8  # the oracle run
    state = tmp_path / "state.npz"
    _, _, es1, _ = _train_with_callbacks(interrupted_after, state, tmp_path / "resumed")
    assert es1.wait == 1 and es1.stopped_epoch is None
    m, hist, es, ck = _train_with_callbacks(30, state, tmp_path / "resumed")  # fresh callbacks, as after a crash
    assert hist.epoch == full_hist.epoch and hist.to_dict() == full_hist.to_dict()
    assert (es.stopped_epoch, es.best_epoch, es.best, es.wait) == \
        (full_es.stopped_epoch, full_es.best_epoch, full_es.best, full_es.wait)
    for a, b in zip(full.parameters(), m.parameters(), strict=True):  # the best epoch's weights, restored
        assert a.data.tobytes() == b.data.tobytes()
    assert (ck.best, ck.best_epoch) == (full_ck.best, full_ck.best_epoch)
    assert [os.path.basename(p) for p in ck.saved] == [os.path.basename(p) for p in full_ck.saved]
    # an early-stopped run stays stopped when resumed again
    _, hist2, _, _ = _train_with_callbacks(30, state, tmp_path / "resumed")
    assert hist2.epoch == full_hist.epoch


def test_training_states_without_callback_states_still_load(tmp_path):
    """Files written before callback states were saved: training resumes, the callbacks start fresh."""
    from mibun.train import resume as rs

    state = tmp_path / "old.npz"
    _train(2, resume=state)
    m = model(seed=1)
    opt = mb.optim.Adam(m.parameters(), lr=0.01)
    rng = np.random.default_rng(7)
    done, hist, saved_extra = rs.load_state(state, m, opt, rng)
    # rewrite it as the previous version did: no "callbacks", no "stopped"
    from mibun.train.checkpoint import load_checkpoint, save_checkpoint

    extra = load_checkpoint(state)
    del extra["callbacks"], extra["stopped"]
    save_checkpoint(state, m, opt, extra=extra)
    m2, _, hist2 = _train(4, resume=state)
    full, _, full_hist = _train(4)
    assert hist2.to_dict() == full_hist.to_dict()
    for a, b in zip(full.parameters(), m2.parameters(), strict=True):
        assert a.data.tobytes() == b.data.tobytes()


def test_resume_from_a_model_checkpoint_is_refused(saved):
    with pytest.raises(mb.MibunError) as exc:
        _train(2, resume=saved[0])
    assert exc.value.key == "reliability.fit.not_state"


def test_nan_loss_stops_fit_and_keeps_the_last_good_checkpoint(tmp_path):
    state = tmp_path / "state.npz"
    x, y = toy()
    calls = []

    def data():  # epoch 1 is fine; in epoch 2 the third batch holds a NaN
        calls.append(1)
        xs = [x[i:i + 16].copy() for i in range(0, len(x), 16)]
        if len(calls) == 2:
            xs[2][0, 0] = np.nan
        return list(zip(xs, [y[i:i + 16] for i in range(0, len(y), 16)], strict=True))

    m = model()
    with pytest.raises(mb.train.NonFiniteLossError) as exc, np.errstate(all="ignore"):
        mb.train.fit(m, nn.CrossEntropyLoss(), mb.optim.SGD(m.parameters(), lr=0.1), data, epochs=3,
                     progress=False, resume=state)
    err = exc.value
    assert err.key == "reliability.fit.nonfinite_kept" and err.checkpoint == str(state)
    assert (err.epoch, err.batch) == (2, 3) and np.isnan(err.value)
    assert isinstance(err, ArithmeticError) and "학습을 멈췄" in err.message("ko")
    assert all(np.isfinite(p.data).all() for p in m.parameters())   # stopped before the step
    files = read_checkpoint(state)                                   # the last good state, intact
    assert '"epoch": 1' in str(files["extra"])
    assert all(np.isfinite(v).all() for k, v in files.items() if k.startswith("model/"))
    assert str(state) in str(err)


def test_model_checkpoint_path_is_data_not_a_format_string(tmp_path):
    folder = tmp_path / "{data}" / "{0.__class__}"
    cb = mb.train.ModelCheckpoint(folder / "ep{epoch:02d}-{loss:.3f}.npz", monitor="loss", save_best_only=False)
    m = model()
    mb.train.fit(m, nn.CrossEntropyLoss(), mb.optim.SGD(m.parameters(), lr=0.1), toy(), epochs=2,
                 progress=False, seed=0, callbacks=[cb])
    assert len(cb.saved) == 2
    assert all(p.startswith(str(folder)) for p in cb.saved)
    assert os.path.basename(cb.saved[0]).startswith("ep01-") and cb.saved[0].endswith(".npz")
    assert all(os.path.exists(p) for p in cb.saved)


def test_fill_path():
    from mibun.train.callbacks import fill_path

    assert fill_path("a/{epoch}/{x.y}/{loss:.2f}/{}/{epoch!r}", epoch=3, loss=0.5) == "a/3/{x.y}/0.50/{}/{epoch!r}"
    assert fill_path("{epoch:>{w}}", epoch=1) == "{epoch:>{w}}"
