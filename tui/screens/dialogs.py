"""Small modal dialogs shared by the screens: a one-line prompt (with optional completion) and a chooser.

Both dismiss with the user's answer, or None when they press escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


class TagSuggester(Suggester):
    """Completes the last comma-separated part of the input from the library's tags (most used first)."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = list(tags)

    async def get_suggestion(self, value: str) -> str | None:
        head, sep, last = value.rpartition(",")
        word = last.lstrip()
        if not word:
            return None
        folded = word.casefold()
        for tag in self.tags:
            if tag.casefold().startswith(folded) and len(tag) > len(word):
                return f"{head}{sep}{last[: len(last) - len(word)]}{tag}"
        return None


class PromptInput(Input):
    """The dialog's input: tab accepts the suggestion (as → does), which is what a shell user's fingers try."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "accept_suggestion", "Accept suggestion", show=False, id="dialog.accept_suggestion"),
    ]

    def action_accept_suggestion(self) -> None:
        if self._suggestion and len(self._suggestion) > len(self.value):
            self.value = self._suggestion
            self.cursor_position = len(self.value)


class PromptDialog(ModalScreen[str | None]):
    """Ask for one line of text. Enter answers (an empty answer counts as escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        help_text: str = "",
        suggester: Suggester | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.help_text = help_text
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield PromptInput(
                value=self.value,
                placeholder=self.placeholder,
                suggester=self.suggester,
                compact=True,
                id="prompt-input",
            )
            if self.help_text:
                yield Label(self.help_text, classes="dialog-help")

    @on(PromptInput.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a few labelled choices; dismisses with the chosen key. Digits 1–9 pick directly."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        *,
        help_text: str = "",
        id: str | None = None,
    ) -> None:
        """`choices` are (key, label) pairs; the key is what the dialog returns."""
        super().__init__(id=id)
        self.title_text = title
        self.choices = list(choices)
        self.help_text = help_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            options = [
                Option(f"{n}  {label}" if n <= 9 else f"   {label}", id=key)
                for n, (key, label) in enumerate(self.choices, 1)
            ]
            yield OptionList(*options, id="choice-list")
            if self.help_text:
                yield Label(self.help_text, classes="dialog-help")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0 if self.choices else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.choices):
                event.stop()
                self.dismiss(self.choices[index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
