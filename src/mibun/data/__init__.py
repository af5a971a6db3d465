"""``mibun.data``: small real datasets shipped inside the package (everything works offline).

* ``load_digits()``: 1,797 8×8 handwritten digits (UCI optdigits, via scikit-learn), stratified split
* ``load_char_corpus()`` / ``load_text()``: the Book of Genesis (KJV, public domain), ~197 KB, for
  character-level language models

Loaders return NumPy arrays; see files/README.md for sources and licences.
"""

from mibun.data.digits import load_digits, stratified_split
from mibun.data.text import CharCorpus, char_batches, load_char_corpus, load_text

__all__ = ["load_digits", "stratified_split", "load_text", "load_char_corpus", "CharCorpus", "char_batches"]
