import os

import numpy as np
import pytest

import mibun as mb
from mibun.errors import InputError

nn = mb.nn


def toy(n=200, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 2)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)
    return x, y


def model(seed=0):
    nn.init.manual_seed(seed)
    return nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))


def test_fit_learns_records_history_and_is_reproducible():
    x, y = toy()
    hs = []
    for _ in range(2):
        m = model()
        opt = mb.optim.SGD(m.parameters(), lr=0.5, momentum=0.9)
        h = mb.train.fit(m, nn.CrossEntropyLoss(), opt, (x, y), val_data=toy(100, 1), epochs=5, batch_size=20,
                         metrics=["accuracy"], seed=3, progress=False)
        hs.append(h)
    h = hs[0]
    assert h.keys() == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert len(h) == 5 and h.epoch == [1, 2, 3, 4, 5]
    assert h["loss"][-1] < h["loss"][0] and h["val_accuracy"][-1] > 0.9
    assert hs[0].history == hs[1].history                        # same seeds, same numbers
    assert "epoch" in h.summary("en") and "에포크" in h.summary("ko")


def test_fit_with_iterable_of_batches_and_callable_metric():
    x, y = toy()
    batches = [(x[i:i + 50], y[i:i + 50]) for i in range(0, 200, 50)]
    m = model()
    opt = mb.optim.Adam(m.parameters(), lr=0.05)

    def top1(out, t):
        return float((out.data.argmax(1) == t).mean())

    h = mb.train.fit(m, nn.functional.cross_entropy, opt, batches, epochs=3, metrics=[top1], progress=False)
    assert "top1" in h and h["loss"][-1] < h["loss"][0]
    with pytest.raises(InputError):
        mb.train.fit(m, nn.functional.cross_entropy, opt, iter(batches), epochs=2, progress=False)
    with pytest.raises(InputError):
        mb.train.fit(m, nn.functional.cross_entropy, opt, (x, y), metrics=["f7"], progress=False)


def test_progress_bar_runs_when_requested(monkeypatch, capsys):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    x, y = toy(40)
    m = model()
    mb.train.fit(m, nn.CrossEntropyLoss(), mb.optim.SGD(m.parameters(), lr=0.1), (x, y), epochs=1, batch_size=10,
                 progress=True, lang="en")
    out = capsys.readouterr().out
    assert "epoch 1/1" in out and "loss" in out


def test_early_stopping_and_restore_best():
    x, y = toy()
    m = model()
    opt = mb.optim.SGD(m.parameters(), lr=0.5)
    es = mb.train.EarlyStopping(monitor="loss", patience=1, min_delta=10.0, restore_best_weights=True)
    h = mb.train.fit(m, nn.CrossEntropyLoss(), opt, (x, y), epochs=20, callbacks=[es], progress=False)
    assert len(h) == 2 and es.stopped_epoch == 2
    with pytest.raises(InputError):
        mb.train.fit(m, nn.CrossEntropyLoss(), opt, (x, y), epochs=2, progress=False,
                     callbacks=[mb.train.EarlyStopping(monitor="val_loss")])


def test_checkpoint_round_trip_is_bit_exact(tmp_path):
    x, y = toy()
    m = model()
    opt = mb.optim.Adam(m.parameters(), lr=0.01, amsgrad=True)
    mb.train.fit(m, nn.CrossEntropyLoss(), opt, (x, y), epochs=2, progress=False, seed=0)
    path = tmp_path / "ck.npz"
    mb.train.save_checkpoint(path, m, opt, extra={"epoch": 2, "note": "hi"})
    m2 = model(seed=9)
    opt2 = mb.optim.Adam(m2.parameters(), lr=0.5)
    extra = mb.train.load_checkpoint(path, m2, opt2)
    assert extra == {"epoch": 2, "note": "hi"}
    for (k, a), (_, b) in zip(m.state_dict().items(), m2.state_dict().items(), strict=True):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), k
    assert opt2.param_groups[0]["lr"] == 0.01 and opt2.param_groups[0]["betas"] == (0.9, 0.999)
    for p, q in zip(m.parameters(), m2.parameters(), strict=True):
        for key in opt.state[p]:
            va, vb = opt.state[p][key], opt2.state[q][key]
            if isinstance(va, np.ndarray):
                assert va.tobytes() == vb.tobytes()
            else:
                assert va == vb and type(va) is type(vb)
    # training continues identically
    for mm, oo in ((m, opt), (m2, opt2)):
        mb.train.fit(mm, nn.CrossEntropyLoss(), oo, (x, y), epochs=1, progress=False, seed=5)
    for a, b in zip(m.parameters(), m2.parameters(), strict=True):
        assert a.data.tobytes() == b.data.tobytes()
    # no pickle inside
    with np.load(path, allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)


def test_half_written_checkpoint_never_replaces_good_one(tmp_path, monkeypatch):
    m = model()
    path = tmp_path / "best.npz"
    mb.train.save_checkpoint(path, m)
    good = path.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", boom)
    with pytest.raises(OSError):
        mb.train.save_checkpoint(path, model(seed=1))
    assert path.read_bytes() == good
    assert os.listdir(tmp_path) == ["best.npz"]                    # the temporary file was removed


def test_model_checkpoint_callback(tmp_path):
    x, y = toy()
    m = model()
    opt = mb.optim.SGD(m.parameters(), lr=0.5)
    ck = mb.train.ModelCheckpoint(tmp_path / "m-{epoch}.npz", monitor="val_loss")
    mb.train.fit(m, nn.CrossEntropyLoss(), opt, (x, y), val_data=toy(50, 2), epochs=3, callbacks=[ck],
                 progress=False)
    assert ck.saved and all(os.path.exists(p) for p in ck.saved)
    m2 = model(seed=4)
    mb.train.load_checkpoint(ck.saved[-1], m2)
    assert mb.train.evaluate(m2, nn.CrossEntropyLoss(), toy(50, 2))["loss"] == pytest.approx(ck.best, rel=1e-6)
