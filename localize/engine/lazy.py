"""The engine `translate` hands the pipeline: nothing is loaded until something needs translating."""
from __future__ import annotations

from typing import Any

from . import Request, load_engine


class LazyEngine:
    """Loads the model only when something actually needs translating (a run the memory answers never
    loads one); with a cluster `address`, connects to the cluster and starts its workers then."""

    def __init__(self, settings: Any, device: str | None = None, model: str | None = None,
                 address: str | None = None) -> None:
        self.settings, self._device, self._model, self.address = settings, device, model, address
        self._engine: Any = None
        self._cards: Any = None
        self._executor: Any = None

    @property
    def model_id(self) -> str:
        return str(self.cards().model_id)

    def cards(self) -> Any:
        """The models' cards (ids, languages): read without loading a model (a run the memory answers)."""
        if self._engine is not None:
            return self._engine
        if self._cards is None:
            self._cards = load_engine(self.settings, device=self._device, model=self._model, lazy=True)
        return self._cards

    @property
    def known(self) -> Any:
        """The engine or the cards, whichever this run needed (None: neither)."""
        return self._engine if self._engine is not None else self._cards

    def get(self) -> Any:
        if self._engine is None:
            if self.address:
                from ..cluster import ClusterEngine, RayExecutor
                self._executor = RayExecutor(self.address, self.settings, device=self._device, model=self._model)
                self._engine = ClusterEngine(self._executor, self.settings, model=self._model)
            else:
                self._engine = load_engine(self.settings, device=self._device, model=self._model)
        return self._engine

    @property
    def executor(self) -> Any:
        self.get()
        return self._executor

    @property
    def calls(self) -> int:
        return int(getattr(self._engine, "calls", 0))

    @property
    def beam_size(self) -> int:
        return int(self.settings.engine.beam_size)  # what every loaded model decodes with

    @property
    def device(self) -> str:
        return str(getattr(self.get(), "device", "cpu"))

    def supports(self, source: str, target: str) -> bool:
        return bool(self.cards().supports(source, target))

    def translate(self, requests: list[Request], n_best: int = 1) -> list[list[str]]:
        return self.get().translate(requests, n_best)  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stops the cluster workers this run started (nothing to do for a local engine)."""
        if self._executor is not None:
            self._executor.close()
