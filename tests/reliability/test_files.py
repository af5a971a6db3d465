"""Output files: every case of the policy (folder, missing parent, existing file, parent that is a file,
unwritable place, read-only working folder, NUL, 300-character names), atomic replacement, sanitised names,
HTML and LaTeX escaping of user text; and the commands refuse a bad path before doing any work."""

import os
import tempfile

import pytest

import mibun as mb
from mibun import files
from mibun.cli import main


def test_missing_parents_are_created_and_an_existing_file_is_replaced_atomically(tmp_path):
    target = tmp_path / "a" / "b" / "out.txt"
    assert files.output_path(target) == str(target)
    assert target.parent.is_dir() and not target.exists()
    files.write_text(target, "first")
    files.write_text(target, "second")
    assert target.read_text() == "second"
    assert os.listdir(target.parent) == ["out.txt"]          # no temporaries left behind


def test_a_failed_write_leaves_the_previous_file(tmp_path):
    target = tmp_path / "keep.txt"
    files.write_text(target, "good")
    with pytest.raises(RuntimeError), files.atomic_write(target, "w") as fh:
        fh.write("half")
        raise RuntimeError("crash while writing")
    assert target.read_text() == "good"
    assert os.listdir(tmp_path) == ["keep.txt"]


def test_a_folder_where_a_file_is_wanted(tmp_path):
    with pytest.raises(mb.InputError) as exc:
        files.output_path(tmp_path)
    assert exc.value.key == "reliability.file.directory"
    assert "\n" not in str(exc.value) and "폴더" in exc.value.message("ko")
    with pytest.raises(mb.InputError):
        files.output_path(str(tmp_path / "new") + "/")


def test_a_parent_that_is_a_file(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(mb.InputError) as exc:
        files.output_path(tmp_path / "plain" / "sub" / "f.png")
    assert exc.value.key == "reliability.file.parent_not_dir"


@pytest.mark.parametrize("name, key", [("a\x00b.png", "reliability.file.nul"),
                                       ("x" * 300 + ".png", "reliability.file.too_long"),
                                       ("", "reliability.file.empty"), ("   ", "reliability.file.empty")])
def test_bad_names(tmp_path, name, key):
    with pytest.raises(mb.InputError) as exc:
        files.output_path(os.path.join(str(tmp_path), name) if name.strip() else name)
    assert exc.value.key == key
    assert "\x00" not in str(exc.value) and len(str(exc.value)) < 400


def test_not_a_path():
    with pytest.raises(mb.InputError) as exc:
        files.output_path(3.5)
    assert exc.value.key == "reliability.file.not_path"


def _refuse_temp_files(monkeypatch):
    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


def test_unwritable_place_is_refused_with_an_example(tmp_path, monkeypatch):
    _refuse_temp_files(monkeypatch)           # portable (root ignores chmod): the folder refuses new files
    with pytest.raises(mb.InputError) as exc:
        files.output_path(tmp_path / "f.png")
    assert exc.value.key == "reliability.file.unwritable"
    assert "Permission denied" in str(exc.value)


def test_read_only_working_folder_with_a_relative_name(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _refuse_temp_files(monkeypatch)
    rc = main(["diff", "x^2", "--plot", "f.png", "--budget", "inf"])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""                               # refused before any work
    assert err.count("\n") == 1 and "f.png" in err and "Traceback" not in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_really_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(mb.InputError):
            files.output_path(ro / "f.png")
    finally:
        ro.chmod(0o755)


@pytest.mark.parametrize("args", [["diff", "x^2", "--plot", "{d}"], ["diff", "x^2", "--plot", "{d}/file.txt/x.png"],
                                  ["plot", "function", "x^2", "-o", "{d}"], ["explain", "--graph", "{d}"],
                                  ["vanish", "--plot", "{d}"],
                                  ["diff", "x^2", "--plot", "{d}/" + "n" * 300 + ".png"]])
def test_commands_refuse_bad_paths_before_work_in_one_line(tmp_path, capsys, args):
    (tmp_path / "file.txt").write_text("x")
    rc = main([a.replace("{d}", str(tmp_path)) for a in args] + ["--budget", "inf"])
    out, err = capsys.readouterr()
    assert rc == 2
    assert out == ""                                            # nothing computed, nothing printed
    assert err.startswith("mibun: error:") and err.count("\n") == 1


def test_commands_write_into_new_folders(tmp_path, capsys):
    target = tmp_path / "new" / "deeper" / "f.png"
    assert main(["plot", "function", "x^2", "-o", str(target), "--budget", "inf"]) == 0
    assert target.read_bytes()[:4] == b"\x89PNG"
    assert main(["plot", "function", "x^3", "-o", str(target), "--budget", "inf"]) == 0   # replaced
    assert sorted(os.listdir(target.parent)) == ["f.png"]


@pytest.mark.parametrize("text, expected", [("a/b\\c", "a_b_c"), ("x\x00y", "x_y"), ("  ..hid", "hid"),
                                            ("CON", "CON_"), ("", "untitled"), ("<script>.png", "_script_.png"),
                                            ("é가", "é가")])
def test_safe_name(text, expected):
    assert files.safe_name(text) == expected


def test_safe_name_limits_length_and_keeps_the_extension():
    name = files.safe_name("y" * 300 + ".svg")
    assert len(name) == 80 and name.endswith(".svg")


def test_html_and_latex_escaping():
    assert files.html_escape('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    tex = files.latex_escape(r"\write18{rm -rf ~}$%#&")
    assert "\\write18" not in tex and r"\backslash{}write18\{rm -rf \sim{}\}\$\%\#\&" == tex
    assert files.latex_escape("w_1", keep_subscripts=True) == "w_1"
    assert files.latex_escape("w_") == r"w\_"


def test_tensor_names_reach_explain_latex_escaped():
    w = mb.tensor(2.0, requires_grad=True, name=r"\write18{touch pwned}")
    b = mb.tensor(0.5, requires_grad=True, name="b$%#")
    y = mb.tanh(w * 3.0 + b)
    tex = mb.explain(y, wrt=w).latex()
    assert "\\write18" not in tex
    assert r"\backslash{}write18\{touch" in tex
    assert "b\\$\\%\\#" in tex


def test_tour_index_escapes_text(tmp_path):
    from mibun.tour import Section, write_index

    sec = Section("limits", "<b>title</b>", '<script>alert("x")</script>', ["a'b.png"], {})
    page = write_index(tmp_path, [sec], "en").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page and "a&#x27;b.png" in page


def test_tensor_names_are_escaped_in_html_svg_and_dot():
    name = '<script>alert(1)</script>", URL="javascript:x'
    w = mb.tensor(2.0, requires_grad=True, name=name)
    y = mb.tanh(w * 3.0)
    assert "<script>" not in mb.explain(y, wrt=w)._repr_html_()
    svg = str(mb.viz.graph(y, format="svg", engine="builtin"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    dot = str(mb.viz.graph(y, format="dot"))
    assert 'URL="javascript' not in dot                      # the quote is escaped: no attribute injection
