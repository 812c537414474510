"""SearchBox: the one-line search input. `enter`/`down` hand focus to the list (query kept); `escape` clears."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = 'Search: words "a phrase" prefix* -not author:x cat:cs tag:x year:2024'


class SearchBox(Input):
    HELP_GROUP: ClassVar[str] = "In the search box"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "leave", "To the list", show=False, id="search.to_list"),
        Binding("escape", "clear_search", "Clear search", id="search.clear"),
        Binding("slash", "select_query", "Select the query", show=False, priority=True, id="search.select"),
    ]

    DEFAULT_CSS = """
    SearchBox { border: none; height: 1; padding: 0 1; background: $boost; }
    SearchBox:focus { border: none; background: $primary 20%; }
    """

    @dataclass
    class Leave(Message):
        """The user is done typing: move to the list (top result)."""

        search_box: SearchBox

        @property
        def control(self) -> SearchBox:
            return self.search_box

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)

    def action_select_query(self) -> None:
        """`/` is the key that came here: pressed again it selects the query (typing then replaces it) instead of
        typing a "/" that no query means."""
        self.select_all()

    def action_leave(self) -> None:
        self.post_message(self.Leave(self))

    async def action_submit(self) -> None:
        self.post_message(self.Leave(self))

    def action_clear_search(self) -> None:
        if self.value:
            self.value = ""
        else:
            self.post_message(self.Leave(self))
