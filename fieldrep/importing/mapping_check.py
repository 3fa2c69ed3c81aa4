"""The rules a column mapping must follow to be imported, and what to say when it does not.

:func:`check_mapping` is the one place these rules live: every column given is a column of
the file, every field an account field chosen for one column only (the street may take
several, joined in order: street and house number, address lines), and a column holds the
account name.  Each broken rule is a typed problem naming its field and columns; its text
(``str(problem)``) is written for the import wizard and the terminal alike.  The wizard
checks as the rep chooses; a plan checks the mapping it is given
(:meth:`~fieldrep.importing.plan.ImportPlan.with_mapping`), on the command line too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fieldrep.importing.columns import MULTI_COLUMN_FIELDS, MappingError, is_field
from fieldrep.importing.fields import field_label


def header_name(headers: Sequence[str], index: int) -> str:
    """A column's header, or "Column N" when it has none."""
    return headers[index] if index < len(headers) and headers[index] else f"Column {index + 1}"


@dataclass(frozen=True)
class Column:
    """A column of the file: its place (from 0) and its name as the rep sees it."""

    index: int
    name: str


@dataclass(frozen=True)
class NoSuchColumn:
    """The mapping names a column the file does not have."""

    index: int

    def __str__(self) -> str:
        return f"There is no column {self.index + 1} in the file."


@dataclass(frozen=True)
class NotAField:
    """A column is to be imported as something that is not an account field."""

    column: Column
    field: str

    def __str__(self) -> str:
        return f"“{self.field}”, chosen for “{self.column.name}”, is not an account field."


@dataclass(frozen=True)
class FieldChosenTwice:
    """One field is chosen for several columns: the import would not know which to keep."""

    field: str
    columns: tuple[Column, ...]

    def __str__(self) -> str:
        names = ", ".join(f"“{column.name}”" for column in self.columns)
        return (f"“{field_label(self.field)}” is chosen for {len(self.columns)} columns "
                f"({names}): keep it for one column only.")


@dataclass(frozen=True)
class NoNameColumn:
    """No column is imported as the account name, which every account needs."""

    def __str__(self) -> str:
        return "No column is imported as the account name: choose the column that holds it."


MappingProblem = NoSuchColumn | NotAField | FieldChosenTwice | NoNameColumn


@dataclass(frozen=True)
class MappingCheck:
    """What stops a mapping from being imported, in the order a rep would fix it."""

    problems: tuple[MappingProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def messages(self) -> tuple[str, ...]:
        """One sentence per problem."""
        return tuple(str(problem) for problem in self.problems)

    @property
    def clashing(self) -> frozenset[int]:
        """The columns given the same field as another column."""
        return frozenset(column.index for problem in self.problems
                         if isinstance(problem, FieldChosenTwice) for column in problem.columns)


def check_mapping(headers: Sequence[str], mapping: Mapping[int, str]) -> MappingCheck:
    """Check ``mapping`` (column index → field) against the file's ``headers``.

    Columns the file lacks and names that are not fields come first (in column order),
    then each single-valued field chosen for more than one column, then a missing account
    name.
    """
    problems: list[MappingProblem] = []
    columns: dict[str, list[Column]] = {}
    for index, field in sorted(mapping.items()):
        if not 0 <= index < len(headers):
            problems.append(NoSuchColumn(index))
            continue
        column = Column(index, header_name(headers, index))
        if is_field(field):
            columns.setdefault(field, []).append(column)
        else:
            problems.append(NotAField(column, field))
    problems += [FieldChosenTwice(field, tuple(chosen)) for field, chosen in columns.items()
                 if len(chosen) > 1 and field not in MULTI_COLUMN_FIELDS]
    if "name" not in columns:
        problems.append(NoNameColumn())
    return MappingCheck(tuple(problems))


def mapping_refused(file_name: str, headers: Sequence[str], check: MappingCheck) -> MappingError:
    """The error refusing a mapping ``check`` found problems in: the file, its problems, and
    the columns it has (to choose from where they are not on screen)."""
    text = f"{file_name}: {' '.join(check.messages)}"
    named = ", ".join(header for header in headers if header)
    return MappingError(f"{text} The file's columns are: {named}." if named else text)
