"""Optional backend: camel-tools' pretrained NER model (AraBERT fine-tuned on ANERcorp).

Install the model with ``camel_data -i ner-arabert``; it lands in
``$CAMELTOOLS_DATA/data/ner/arabert/`` (``~/.camel_tools`` when the variable is unset).
Importing ``camel_tools.ner`` loads camel's data catalogue (``$CAMELTOOLS_DATA/catalogue.json``)
and downloads it, without a timeout, when it is missing; so the import happens only inside
:class:`CamelTagger`, after :func:`available` has checked that nothing would be downloaded.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version as package_version
from pathlib import Path

from akhbar.ner.base import LABELS, TokenTagger, conlleval_bio

MODEL_SUBDIR = Path("data", "ner", "arabert")
WEIGHTS = ("model.safetensors", "pytorch_model.bin")
# camel packs word pieces into 256-long windows, [CLS] and [SEP] included: a longer word breaks it
_MAX_WORD_PIECES = 254
_INSTALL = ("install the model with `camel_data -i ner-arabert`, or set CAMELTOOLS_DATA to the "
            "folder holding catalogue.json and data/ner/arabert/")


def data_dir() -> Path:
    """camel-tools' data folder, found as camel-tools finds it."""
    if os.environ.get("CAMELTOOLS_DATA") is not None:
        return Path(os.environ["CAMELTOOLS_DATA"]).expanduser().absolute()
    if sys.platform == "win32":
        return Path.home() / "AppData" / "Roaming" / "camel_tools"
    return Path.home() / ".camel_tools"


def default_model_dir() -> Path:
    return data_dir() / MODEL_SUBDIR


def _problem(model_dir: Path) -> str | None:
    """Why the model in ``model_dir`` cannot be loaded offline (None when it can)."""
    missing = [name for name in ("config.json", "vocab.txt") if not (model_dir / name).is_file()]
    if not any((model_dir / name).is_file() for name in WEIGHTS):
        missing.append(" or ".join(WEIGHTS))
    if missing:
        return f"no camel-tools NER model in {model_dir} (missing {', '.join(missing)})"
    catalogue = data_dir() / "catalogue.json"
    if "camel_tools.data" not in sys.modules and not catalogue.is_file():
        return f"{catalogue} is missing, so importing camel_tools.ner would download it"
    return None


def available(model_dir: Path | None = None) -> bool:
    """Whether :class:`CamelTagger` can load ``model_dir`` (default: the installed model) offline.
    Checks files only: camel-tools is not imported."""
    return _problem(default_model_dir() if model_dir is None else model_dir) is None


def _model_digest(model_dir: Path) -> str:
    """Hash of the model folder's files, weights included (~0.5 s for camel's 540 MB)."""
    digest = hashlib.sha1()
    for path in sorted(p for p in model_dir.iterdir() if p.is_file()):
        digest.update(path.name.encode())
        with path.open("rb") as f:
            digest.update(hashlib.file_digest(f, "sha1").digest())
    return digest.hexdigest()[:10]


def _anercorp(label: str) -> str:
    """``B-``/``I-`` with an ANERcorp label stays; any other label is ``O``."""
    prefix, _, kind = label.partition("-")
    return label if prefix in ("B", "I") and kind in LABELS else "O"


class CamelTagger(TokenTagger):
    """Tags sentences with camel-tools' ``NERecognizer`` loaded from ``model_dir``
    (default: ``$CAMELTOOLS_DATA/data/ner/arabert``)."""

    name = "camel-ner-arabert"

    def __init__(self, model_dir: Path | None = None, *, batch_size: int = 32,
                 use_gpu: bool = False) -> None:
        self.model_dir = default_model_dir() if model_dir is None else model_dir
        problem = _problem(self.model_dir)
        if problem is not None:
            raise RuntimeError(f"{problem}: {_INSTALL}")
        from camel_tools.ner import NERecognizer

        self.version = f"{package_version('camel-tools')}+{_model_digest(self.model_dir)}"
        self.batch_size = batch_size
        self._recognizer = NERecognizer(str(self.model_dir), use_gpu=use_gpu)

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags, one per token. Tokens without word pieces (invisible marks only) or with
        more than fit in one model window are tagged ``O`` and not shown to the model."""
        tokenize = self._recognizer.tokenizer.tokenize
        pieces = {word: len(tokenize(word)) for sentence in sentences for word in sentence}
        kept = [[i for i, word in enumerate(sentence) if 0 < pieces[word] <= _MAX_WORD_PIECES]
                for sentence in sentences]
        labels = self._recognizer.predict(
            [[sentence[i] for i in keep] for sentence, keep in zip(sentences, kept)],
            batch_size=self.batch_size)
        tagged = []
        for sentence, keep, predicted in zip(sentences, kept, labels, strict=True):
            tags = ["O"] * len(sentence)
            for i, label in zip(keep, predicted, strict=True):
                tags[i] = _anercorp(label)
            tagged.append(conlleval_bio(tags))
        return tagged
