"""The content schema: one pydantic class per collection, and the briefing's settings.

Every field carries a docstring; those docstrings are what `briefing schema`,
`briefing new` and CONTRIBUTING.md show to contributors, so they are written
for them. References to other entities are plain ids annotated with `RefTo`,
fields that may hold inline Markdown (links and citations) are annotated with
`Inline`, and fields that take a vocabulary's values with `Vocab`; the linker, the
body checks and the renderer find them through those markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from generator.model.colours import parse_colour
from generator.model.limits import (
    MAX_DECLARED_COLLECTIONS,
    MAX_FIELDS,
    MAX_GLOSSARY,
    MAX_TRANSLATIONS,
)
from generator.model.vocabulary import (
    DEFAULT_VOCABULARIES,
    FORMAT_VERSION,
    TONES,
    Term,
    Vocabularies,
)

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z"
ID_RE = re.compile(ID_PATTERN)
RESERVED_IDS = frozenset({"index"})
"""Names an entity cannot take: `<collection>/index` is the collection's list page."""
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
# An http(s) URL or IRI: a dotted host, then only characters a URL may hold (non-ASCII
# letters allowed), so a URL can never carry markup into a page.
_URL_RE = re.compile(
    r"^https?://[A-Za-z0-9\u00a1-\uffff.-]+\.[A-Za-z\u00a1-\uffff]{2,}(?::\d{1,5})?"
    r"(?:[/?#][A-Za-z0-9\u00a1-\uffff\-._~!$&'()*+,;=:@%/?#\[\]]*)?\Z"
)
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
# C0 and C1 control characters (tab and newline aside), the byte-order mark, and the
# bidirectional embeddings and overrides (U+202A-U+202E), which make text read otherwise
# than it is written. The isolates and marks that right-to-left text needs are allowed.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u202a-\u202e]")


@dataclass(frozen=True)
class RefTo:
    """Marks a field as a reference to an entity of one of `collections`."""

    collections: tuple[str, ...]


@dataclass(frozen=True)
class Inline:
    """Marks a text field that may use inline Markdown, `[[id]]` links and `[@source]` cites."""


@dataclass(frozen=True)
class Vocab:
    """Marks a field whose value is a term of the named vocabulary."""

    name: str


def vocabularies_of(info: ValidationInfo) -> Vocabularies:
    """The vocabularies a validation runs with (its context), or the defaults."""
    context = info.context or {}
    found = context.get("vocabularies")
    return found if isinstance(found, Vocabularies) else DEFAULT_VOCABULARIES


def term_of(name: str) -> Any:
    def parse(value: Any, info: ValidationInfo) -> str:
        vocabulary = vocabularies_of(info)[name]
        if not isinstance(value, str) or value not in vocabulary:
            raise PydanticCustomError(
                "vocabulary",
                "{value} is not a term of {name}",
                {"value": value, "name": name, "allowed": vocabulary.values()},
            )
        return value

    return BeforeValidator(parse)


def _parse_id(value: Any) -> str:
    if isinstance(value, str) and value in RESERVED_IDS:
        raise PydanticCustomError("invalid_id", "'{value}' is a reserved name", {"value": value})
    if not isinstance(value, str) or not ID_RE.match(value):
        raise PydanticCustomError(
            "invalid_id",
            "'{value}' is not a valid id: use 1 to 64 lowercase letters, digits and hyphens",
            {"value": value},
        )
    return value


def _parse_day(value: Any) -> date:
    # YAML dates reach us as strings (the loader turns off timestamp parsing), so a
    # bad date such as 2025-02-30 is reported here with its line, not by PyYAML.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DAY_RE.match(value):
        raise PydanticCustomError(
            "invalid_date", "'{value}' is not a date in the form YYYY-MM-DD", {"value": value}
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "invalid_date", "'{value}' is not a real calendar date", {"value": value}
        ) from None


def _parse_url(value: Any) -> str:
    if not isinstance(value, str) or not _URL_RE.match(value):
        raise PydanticCustomError(
            "invalid_url", "'{value}' is not a full http or https address", {"value": value}
        )
    return value


def _parse_language(value: Any) -> str:
    if not isinstance(value, str) or not _LANGUAGE_RE.match(value):
        raise PydanticCustomError(
            "invalid_language",
            "'{value}' is not a language tag such as 'en' or 'en-GB'",
            {"value": value},
        )
    return value


def _require_text(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("empty_text", "this text is empty", {})
    return _refuse_controls(value)


def _refuse_controls(value: Any) -> Any:
    if isinstance(value, str) and (bad := _CONTROL_RE.search(value)):
        raise PydanticCustomError(
            "control_character",
            "the text contains the invisible control character U+{code}",
            {"code": f"{ord(bad.group(0)):04X}"},
        )
    return value


Id = Annotated[str, BeforeValidator(_parse_id)]
Day = Annotated[date, BeforeValidator(_parse_day)]
Text = Annotated[str, BeforeValidator(_require_text)]
Url = Annotated[str, BeforeValidator(_parse_url)]
Language = Annotated[str, BeforeValidator(_parse_language)]
Time = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
InlineText = Annotated[str, BeforeValidator(_require_text), Inline()]
ActorRef = Annotated[Id, RefTo(("actors",))]
SourceRef = Annotated[Id, RefTo(("sources",))]
SubjectRef = Annotated[Id, RefTo(("issues", "agreements"))]
AssessedRef = Annotated[Id, RefTo(("agreements", "actors", "issues"))]

AgreementStatus = Annotated[str, term_of("agreement_status"), Vocab("agreement_status")]
ActorKind = Annotated[str, term_of("actor_kind"), Vocab("actor_kind")]
IssueStatus = Annotated[str, term_of("issue_status"), Vocab("issue_status")]
Stance = Annotated[str, term_of("stance"), Vocab("stance")]
Verdict = Annotated[str, term_of("verdict"), Vocab("verdict")]
EventKind = Annotated[str, term_of("event_kind"), Vocab("event_kind")]
SourceKind = Annotated[str, term_of("source_kind"), Vocab("source_kind")]
Tone = Literal["positive", "caution", "contested", "negative", "neutral"]
Colour = Annotated[str, BeforeValidator(parse_colour)]
VocabularyName = Literal[
    "agreement_status",
    "issue_status",
    "stance",
    "verdict",
    "event_kind",
    "actor_kind",
    "source_kind",
]
assert set(Tone.__args__) == set(TONES)  # type: ignore[attr-defined]


class Strict(BaseModel):
    """Unknown fields are errors, so a misspelt field name is caught, not ignored."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class Version(Strict):
    """One source's account of a disputed fact."""

    value: InlineText
    """What this account says, for example "18 March 2025"."""
    according_to: ActorRef | None = None
    """The actor whose account this is, if it is one party's claim."""
    sources: list[SourceRef] = Field(min_length=1)
    """The sources that give this version."""


class Dispute(Strict):
    """A fact on which sources disagree. Every version is shown; none is preferred."""

    question: Text
    """The disputed point, phrased as a question: "When did the accord take effect?"."""
    versions: list[Version] = Field(min_length=2)
    """Each account of the answer, with its own sources. At least two."""
    note: InlineText | None = None
    """Optional context, for example why the accounts differ."""


PLACEHOLDER_TEXT = (
    "Replace this paragraph with the entry's text, in your own words, citing a "
    "source for every claim."
)
"""The body `briefing new` writes; left in place, it is an error (`placeholder-text`)."""


class EntityBase(Strict):
    """Fields every collection except `sources` shares."""

    sources: list[SourceRef] = Field(default_factory=list)
    """Ids of the sources that support this entry. At least one is required."""
    tags: list[Text] = Field(default_factory=list)
    """Optional topic tags, shown on the page and in the tags index."""
    aliases: list[Id] = Field(default_factory=list)
    """Former ids of this entry, kept so that old links and URLs still work after a rename."""
    disputes: list[Dispute] = Field(default_factory=list)
    """Facts about this entry that sources report differently, each version with its sources."""
    also_known_as: list[Text] = Field(default_factory=list)
    """Other names and spellings readers may search for, for example "Ban Ki Moon" for
    "Ban Ki-moon"; shown on the page and found by the site's search."""


class Agreement(EntityBase):
    """The terms of a deal, proposed or in force."""

    title: Text
    """The agreement's name, for example "Riverbend water-sharing accord"."""
    title_in_sentence: Text | None = None
    """The name as it reads inside a sentence, for example "the water-sharing accord";
    generated titles and headings use it ("State A on the water-sharing accord")."""
    status: AgreementStatus
    """Where the agreement stands now."""
    parties: list[ActorRef] = Field(min_length=1)
    """The actors bound by the agreement."""
    brokers: list[ActorRef] = Field(default_factory=list)
    """Actors who brokered or mediated it, without being bound."""
    announced: Day
    """The day the agreement was announced (YYYY-MM-DD)."""
    starts: Day | None = None
    """The day it took effect, if the sources agree on one; otherwise leave it out and record
    the versions under `disputes`."""
    ends: Day | None = None
    """The day it ended or is due to end, if known."""
    duration_days: int | None = Field(default=None, gt=0, le=36500)
    """Its length in days, where the deal was stated as a duration."""
    summary: InlineText
    """One or two sentences on what the agreement does."""
    covers: list[InlineText] = Field(min_length=1)
    """What the agreement covers, one item per line."""
    excludes: list[InlineText] = Field(default_factory=list)
    """What it explicitly leaves out."""
    conditions: list[InlineText] = Field(default_factory=list)
    """Conditions a party attached to it."""


class Actor(EntityBase):
    """A person, state or organisation."""

    name: Text
    """The display name, for example "Jane Doe"."""
    kind: ActorKind
    """What sort of actor this is."""
    role: Text | None = None
    """Office or role during the period covered, for example "Minister of Water of State A"."""
    affiliation: ActorRef | None = None
    """The actor this one belongs to or acts for, for example a minister's state."""
    summary: InlineText | None = None
    """One sentence on the actor's part in the story."""


class Issue(EntityBase):
    """A negotiation topic or open question."""

    title: Text
    """The topic, named so that a party can support or oppose it, for example "Prisoner
    exchanges" or "Access to groundwater"."""
    title_in_sentence: Text | None = None
    """The topic as it reads inside a sentence, for example "prisoner exchanges"."""
    status: IssueStatus
    """Where the question stands now."""
    summary: InlineText
    """One or two sentences on what is at stake."""
    related: list[Annotated[Id, RefTo(("agreements", "issues"))]] = Field(default_factory=list)
    """Agreements or other issues this one is tied to."""


class Position(EntityBase):
    """One actor's stance on one issue or agreement."""

    actor: ActorRef
    """The actor whose stance this is."""
    subject: SubjectRef
    """The issue or agreement the stance is about."""
    stance: Stance
    """The stance, from the fixed vocabulary."""
    summary: InlineText
    """The stance in one or two sentences, attributed ("According to the ministry, ...")."""
    short: Text | None = Field(default=None, max_length=70)
    """The stance in a few words, for the position matrix, for example "Only if groundwater
    is included"."""
    as_of: Day
    """The day the stance was stated or last confirmed."""
    title: Text | None = None
    """Optional title; by default "<actor> on <subject>"."""


class Assessment(EntityBase):
    """An analyst's or skeptic's judgement of an agreement, actor or issue."""

    assessor: ActorRef
    """The person or organisation making the judgement."""
    subject: AssessedRef
    """What is being judged: an agreement, actor or issue."""
    verdict: Verdict
    """The overall judgement, from the fixed vocabulary."""
    claims: list[InlineText] = Field(min_length=1)
    """The key claims, each one attributed and cited."""
    date: Day | None = None
    """The day the assessment was made, if known."""
    title: Text | None = None
    """Optional title; by default "<assessor> on <subject>"."""


class Event(EntityBase):
    """A dated happening, for the timeline."""

    title: Text
    """What happened, in a short phrase."""
    date: Day
    """The day it happened, or the first day of a range."""
    time: Time | None = None
    """The local time it happened, "HH:MM", to order the events of one day."""
    end_date: Day | None = None
    """The last day, for events that span several days."""
    summary: InlineText | None = None
    """What happened, in one sentence with its sources, for the timeline."""
    kind: EventKind = "other"
    """What sort of event it was."""
    participants: list[ActorRef] = Field(default_factory=list)
    """The actors who took part."""
    place: Text | None = None
    """Where it happened, for example "Geneva, Switzerland"."""
    related: list[Annotated[Id, RefTo(("agreements", "issues"))]] = Field(default_factory=list)
    """Agreements or issues the event bears on."""


class Source(Strict):
    """A citable document. Sources cite nothing themselves."""

    title: Text
    """The headline or the document's title, as published."""
    descriptive_title: bool = False
    """True when `title` describes the document rather than quoting it (no headline or
    official title could be read): it is then printed without quotation marks."""
    outlet: Text
    """The publisher, for example "Reuters"; for a primary document, its issuer, for
    example "The Ministry of Water". Name a wire service in `via`."""
    kind: SourceKind
    """What sort of document it is: a primary document, a wire, a newspaper, a broadcaster,
    state media, a think tank or a government."""
    quoted_by: Text | None = None
    """For a primary document read in an outlet's copy: that outlet ("as quoted by
    Reuters"); `url` is then the outlet's page."""
    url: Url | None = None
    """The outlet's own address for it (http or https). Leave it out when there is none to cite."""
    published: Day | None = None
    """The publication day, if known."""
    author: Text | None = None
    """The byline, if one is shown."""
    via: Text | None = None
    """The wire service or original publisher, if the outlet carried someone else's report."""
    note: Text | None = None
    """Anything a reader should know about the source itself, for example that it is a
    party's own statement. Published."""
    editor_note: str | None = None
    """How the source was found and read (a copy, a missing headline): for the editors only,
    never published."""
    aliases: list[Id] = Field(default_factory=list)
    """Former ids of this source."""
    tags: list[Text] = Field(default_factory=list)
    """Optional topic tags."""


class GlossaryEntry(Strict):
    """An abbreviation and its expansion."""

    term: Text
    """The abbreviation as it appears in text, for example "UN"."""
    expansion: Text
    """What it stands for."""


class KeyFact(Strict):
    """One labelled line of the key-facts panel."""

    label: Text
    """The question the fact answers, for example "Duration"."""
    value: InlineText
    """The answer, with citations."""


class TermSpec(Strict):
    """One value of a vocabulary a briefing declares for itself."""

    value: Id
    """The value as contributors write it, for example "summit"."""
    label: Text
    """The label readers see, for example "Summit"."""
    symbol: Annotated[str, BeforeValidator(_refuse_controls)] = ""
    """A short symbol shown before the label, so that meaning never rests on colour."""
    tone: Tone = "neutral"
    """How the term reads, which sets its colour: positive, caution, contested, negative or
    neutral."""


class Spelling(Strict):
    """A spelling readers may search for, and the one the briefing uses."""

    variant: Text
    """The spelling readers may type, for example "Peking"."""
    used: Text
    """The spelling the briefing uses, for example "Beijing"."""


class SourcePolicy(Strict):
    """Which sources the validator warns about."""

    deny_hosts: list[Text] = Field(default_factory=list)
    """Web hosts never to cite (content farms, mirrors, propaganda networks), for example
    "content-farm.example"; subdomains are included."""
    state_media_hosts: list[Text] = Field(default_factory=list)
    """Hosts of state media, whose sources must have `kind: state-media`."""


class Colours(Strict):
    """The briefing's colours, on the site (under either builder) and in the PDFs: a
    brand colour as `#rrggbb`, or a name from Material for MkDocs' palette (`red`, `pink`,
    `purple`, `deep-purple`, `indigo`, `blue`, `light-blue`, `cyan`, `teal`, `green`,
    `light-green`, `lime`, `yellow`, `amber`, `orange`, `deep-orange`, `brown`, `grey`,
    `blue-grey`, `black`, `white`). Text in the colour is darkened where needed to stay
    readable."""

    primary: Colour = "indigo"
    """The colour of the header, links and the PDF's headings, for example "#003b5c"."""
    accent: Colour = "indigo"
    """The colour of hovered and focused elements, for example "teal"."""


FieldName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Boost = Annotated[StrictFloat | StrictInt, AllowInfNan(False), Field(ge=0, le=10)]
TemplateName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,60}\.md\.j2$")]
FieldType = Literal["text", "markdown", "date", "number", "url", "reference", "references", "term"]


class FieldSpec(Strict):
    """One field of a collection declared in `collections:`."""

    type: FieldType
    """What the field holds: "text" (plain), "markdown" (inline Markdown with links and
    citations), "date", "number", "url", "reference" (the id of one entity),
    "references" (a list of ids) or "term" (a term of one of the briefing's vocabularies)."""
    description: Annotated[Text, Field(max_length=400)]
    """What contributors write in it; `briefing new`, `briefing schema` and CONTRIBUTING.md
    show it."""
    required: bool = False
    """Whether every entry must have it."""
    to: list[Id] = Field(default_factory=list)
    """For a reference: the collections it may point at, for example ["actors"]."""
    vocabulary: VocabularyName | None = None
    """For a term: the vocabulary it is a term of, for example "verdict"."""
    label: Annotated[Text, Field(max_length=60)] | None = None
    """Its heading in the entry's facts table and the index (default: the field's name)."""
    shown_as: Annotated[Text, Field(max_length=80)] | None = None
    """For a reference: the heading under which the entities it points at list the
    entries that point at them, for example "Sanctions imposed" on an actor's page
    (default: the collection's title)."""


class CollectionSpec(Strict):
    """A collection the briefing adds to the built-in ones, declared in `collections:`
    under its folder name (plural, for example "sanctions")."""

    singular: Id
    """What one entry is called, for example "sanction": `briefing new sanction`."""
    title: Annotated[Text, Field(max_length=80)]
    """The heading of its index page and its navigation entry, for example "Sanctions"."""
    description: Annotated[Text, Field(max_length=400)]
    """What one entry is, for contributors."""
    fields: dict[FieldName, FieldSpec] = Field(default_factory=dict, max_length=MAX_FIELDS)
    """Its fields besides those every entry has (title, summary, sources, tags, aliases,
    disputes, also_known_as)."""
    columns: list[FieldName] = Field(default_factory=list)
    """The fields shown as columns of its index, after the title."""
    order: FieldName = "title"
    """How its index is ordered: "title", or the name of one of its date fields."""
    nav: StrictInt | None = 85
    """Its place in the navigation (the built-in entries are at 0 to 93), or null to
    leave it out."""
    nav_section: Annotated[Text, Field(max_length=60)] | None = None
    """The navigation section it sits in, for example "Positions and views"."""
    pdf: StrictInt | None = 85
    """Its place in the full PDF (the built-in parts are at 0 to 100), or null."""
    template: TemplateName | None = None
    """The page template of its entries, a file of the project's site_templates/ (default: the
    generic entity.md.j2)."""
    search_boost: Boost = 2
    """How far up search results its pages rank."""


class Settings(Strict):
    """Site-wide settings, kept in `content/briefing.yaml`."""

    title: Text
    """The briefing's title."""
    format: int = Field(default=FORMAT_VERSION, ge=1)
    """The version of the content format the briefing is written in (this generator
    writes and reads 2). Terms of an earlier format are read with a warning, and
    `briefing upgrade` rewrites them; a newer format is refused."""
    subtitle: Text | None = None
    """A subtitle shown under the title."""
    description: Text | None = None
    """One sentence describing the briefing, for search engines and link previews; by
    default the subtitle."""
    edition: Text | None = None
    """The edition printed on the PDF's cover, for example "Second edition, April 2025"."""
    colours: Colours = Field(default_factory=Colours)
    """The site's colours."""
    vocabularies: dict[VocabularyName, list[TermSpec]] = Field(default_factory=dict)
    """Vocabularies this briefing replaces, by name, each a list of terms, for example its
    own `event_kind` values."""
    as_of: Day
    """The day the information is current to: the latest fact the briefing reports."""
    period_ends: Day | None = None
    """The last day of the period the briefing is about (for example the agreement's term).
    Events after it, and the `after_period` points, are marked as later. Default: `as_of`."""
    published: Day | None = None
    """The day this edition was published or last reviewed."""
    changes: list[InlineText] = Field(default_factory=list)
    """What changed since the last edition, one point each."""
    lead_agreement: Annotated[Id, RefTo(("agreements",))]
    """The agreement the briefing is about; the home page and cover show its status."""
    summary: list[InlineText] = Field(default_factory=list, max_length=5)
    """The summary box at the top of the home page and the brief: three to five points."""
    bottom_line: list[InlineText] = Field(min_length=1)
    """The bottom line up front: a few short paragraphs."""
    background: list[InlineText] = Field(default_factory=list)
    """What came before, in a few sourced sentences."""
    what_to_watch: list[InlineText] = Field(default_factory=list)
    """What to watch next, as a few sourced points."""
    after_period: list[InlineText] = Field(default_factory=list)
    """What happened after `period_ends`, as a few sourced points; shown marked as such."""
    key_facts: list[KeyFact] = Field(min_length=1)
    """The key-facts panel on the home page."""
    glossary: list[GlossaryEntry] = Field(default_factory=list, max_length=MAX_GLOSSARY)
    """Abbreviations, shown as tooltips wherever they appear."""
    language: Language = "en"
    """The language of the content, as a BCP 47 tag."""
    translations: list[Language] = Field(default_factory=list, max_length=MAX_TRANSLATIONS)
    """Other languages the briefing is published in. Each is a site of its own under
    site/<language>/, with its own search and PDFs; an entry is translated by a file
    beside it (`<id>.<language>.md`, `briefing.<language>.yaml`) holding the translated
    text fields and `translated_from`, and shown in the original language until it is."""
    publisher: Text
    """Who publishes the briefing (site footer, PDF cover and metadata)."""
    keywords: list[Text] = Field(default_factory=list)
    """Keywords for the PDF metadata and search engines."""
    method: list[Text] = Field(default_factory=list)
    """How the briefing is made, for the About page: how sources are chosen and graded, how
    disputes are shown, what "no stated position" means."""
    corrections: Text | None = None
    """How to report an error, and how corrections are made."""
    contact: Text | None = None
    """Where to write, for example an email address."""
    licence: Text | None = None
    """The licence of the text, for example "CC BY 4.0"."""
    licence_url: Url | None = None
    """The licence's address."""
    site_url: Url | None = None
    """The published site's address, for citations."""
    spellings: list[Spelling] = Field(default_factory=list)
    """Other spellings readers may search for (on the glossary page)."""
    source_policy: SourcePolicy = Field(default_factory=SourcePolicy)
    """Sources the validator warns about."""
    sources: list[SourceRef] = Field(default_factory=list)
    """Sources for the bottom line and key facts."""
    scripts: list[Text] = Field(default_factory=list)
    """Scripts of the project's own (`site_templates/static/`) that the site may load,
    each by its path in the site, for example "javascripts/chart.js"; the build refuses
    any other script that is not the theme's or the generator's."""
    hooks: list[Text] = Field(default_factory=list)
    """MkDocs hooks the project's mkdocs.yml may run, each as written there, for example
    "hooks/links.py"; the build refuses any other."""
    collections: dict[Id, CollectionSpec] = Field(
        default_factory=dict, max_length=MAX_DECLARED_COLLECTIONS
    )
    """Collections of the briefing's own, each under its folder name in `content/`, with
    its fields, its place in the navigation and the PDF, and its relationships to the
    built-in collections (see ARCHITECTURE.md, "Adding a collection")."""

    @property
    def period_end(self) -> date:
        """The last day of the period the briefing is about (`period_ends`, or `as_of`)."""
        return self.period_ends or self.as_of


def vocabularies_for(settings: Settings | None) -> Vocabularies:
    """A briefing's vocabularies: the defaults, with those its settings declare."""
    from generator.model.vocabulary import with_overrides

    if settings is None or not settings.vocabularies:
        return DEFAULT_VOCABULARIES
    return with_overrides(
        {
            name: [Term(t.value, t.label, t.symbol, t.tone) for t in terms]
            for name, terms in settings.vocabularies.items()
        }
    )
