"""Dependencies injected into routes: settings, store and the extraction dispatcher."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from claimcheck.settings import Settings
from claimcheck.store import Store

Dispatch = Callable[[str], None]  # enqueue extraction of an article
Recheck = Callable[[str, str], None]  # enqueue a re-check of a claim, with what triggered it


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_dispatch(request: Request) -> Dispatch:
    dispatch: Dispatch = request.app.state.dispatch
    return dispatch


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[Store, Depends(get_store)]
DispatchDep = Annotated[Dispatch, Depends(get_dispatch)]
