"""The default content model: the collections every briefing has (agreements, actors,
issues, positions, assessments, events and sources), their relationships and the rules
that span their entries, and the site's own pages.

This module, the models in schema.py and the rules in rules.py are the only places that
name a collection; every stage reads the registry.
"""

from __future__ import annotations

from generator.model import rules
from generator.model.i18n import N_
from generator.model.registry import Collection, Column, Registry, Shown, SitePage
from generator.model.schema import Actor, Agreement, Assessment, Event, Issue, Position, Source

DEFAULT_REGISTRY = Registry(
    collections=(
        Collection(
            "agreements",
            "agreement",
            N_("Agreements"),
            Agreement,
            columns=(
                Column(N_("Agreement"), "link"),
                Column(N_("Status"), "badge", "status"),
                Column(N_("Parties"), "refs", "parties"),
                Column(N_("Announced"), "date", "announced"),
            ),
            search_boost=8,
            nav=10,
            pdf=10,
            pdf_template="pdf/agreements.html.j2",
            pdf_sort="announced",
            pdf_contents=True,
            shown_on=(
                Shown("parties", N_("Party to"), key="party_to"),
                Shown("brokers", N_("Brokered"), key="brokered"),
            ),
        ),
        Collection(
            "actors",
            "actor",
            N_("Who's who"),
            Actor,
            columns=(
                Column(N_("Name"), "link"),
                Column(N_("Kind"), "term", "kind"),
                Column(N_("Role"), "text", "role"),
                Column(N_("Affiliation"), "ref", "affiliation"),
            ),
            search_boost=8,
            nav=60,
            pdf=60,
            pdf_template="pdf/actors.html.j2",
            pdf_title=N_("Who's who"),
            shown_on=(Shown("affiliation", N_("Members"), key="members"),),
            names=True,
            checks=(rules.affiliation_cycles,),
        ),
        Collection(
            "issues",
            "issue",
            N_("Issues"),
            Issue,
            columns=(
                Column(N_("Issue"), "link"),
                Column(N_("Status"), "badge", "status"),
                Column(N_("Summary"), "inline", "summary"),
            ),
            search_boost=8,
            nav=20,
            pdf=30,
            pdf_template="pdf/issues.html.j2",
            pdf_contents=True,
            shown_on=(Shown("related", N_("Related issues"), key="related_issues"),),
        ),
        Collection(
            "positions",
            "position",
            N_("Positions"),
            Position,
            columns=(
                Column(N_("Party"), "ref", "actor"),
                Column(N_("On"), "ref", "subject"),
                Column(N_("Stance"), "badge", "stance"),
                Column(N_("As of"), "date", "as_of"),
            ),
            search_boost=2,
            shown_on=(
                Shown("actor", N_("Positions"), key="positions", order="as_of"),
                Shown(
                    "subject", N_("Positions"), key="positions", order="as_of", current_per="actor"
                ),
            ),
            alongside="subject",
            title_from=("actor", "subject"),
            tracked="stance",
            checks=(rules.one_position_a_day,),
        ),
        Collection(
            "assessments",
            "assessment",
            N_("Analysis and reactions"),
            Assessment,
            columns=(
                Column(N_("Assessment"), "link"),
                Column(N_("Verdict"), "badge", "verdict"),
                Column(N_("Date"), "date", "date"),
            ),
            search_boost=3,
            nav=41,
            nav_section=N_("Positions and views"),
            pdf=40,
            pdf_template="pdf/assessments.html.j2",
            pdf_sort="date",
            shown_on=(
                Shown("assessor", N_("Their assessments"), key="assessments_made"),
                Shown("subject", N_("Assessments"), key="assessments"),
            ),
            title_from=("assessor", "subject"),
        ),
        Collection(
            "events",
            "event",
            N_("Events"),
            Event,
            columns=(
                Column(N_("Date"), "daterange", "date"),
                Column(N_("Event"), "link"),
                Column(N_("Place"), "text", "place"),
            ),
            sort="date",
            search_boost=2,
            pdf=50,
            pdf_template="pdf/timeline.html.j2",
            pdf_title=N_("Timeline"),
            shown_on=(
                Shown("participants", N_("Events"), key="events", order="date"),
                Shown("related", N_("Events"), key="events", order="date"),
            ),
        ),
        Collection(
            "sources",
            "source",
            N_("Sources"),
            Source,
            sort="outlet",
            group_by="kind",
            search_boost=1,
            nav=91,
            nav_section=N_("About"),
            pdf=90,
            index_template="bibliography.md.j2",
            pdf_template="pdf/bibliography.html.j2",
            pdf_title=N_("Bibliography"),
            cited=True,
            names=True,
            checks=(rules.source_policy,),
        ),
    ),
    pages=(
        SitePage(
            "index.md",
            N_("Home"),
            nav=0,
            pdf=0,
            pdf_template="pdf/bottom-line.html.j2",
            pdf_title=N_("Summary and key facts"),
        ),
        SitePage(
            "matrix.md",
            N_("Where the parties stand"),
            nav=40,
            nav_section=N_("Positions and views"),
            pdf=20,
            pdf_template="pdf/matrix.html.j2",
        ),
        SitePage("timeline.md", N_("Timeline"), nav=50),
        SitePage(
            "about.md",
            N_("About this briefing"),
            nav=90,
            nav_section=N_("About"),
            pdf=100,
            pdf_template="pdf/about.html.j2",
        ),
        SitePage("glossary.md", N_("Glossary"), nav=92, nav_section=N_("About")),
        SitePage("tags.md", N_("Topics"), nav=93, nav_section=N_("About")),
    ),
)
"""The collections of a briefing: agreements, actors, issues, positions, assessments,
events and sources."""
