import pytest

from tests.optional import need


@pytest.fixture(scope="session")
def torch():
    t = need("torch", "pip install torch==2.13.0 (CPU build)")
    t.set_num_threads(1)
    return t
