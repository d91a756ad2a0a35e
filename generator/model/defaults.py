"""The default content model: the collections every briefing has (agreements, actors,
issues, positions, assessments, events and sources), their relationships and the rules
that span their entries, and the site's own pages.

This module, the models in schema.py and the rules in rules.py are the only places that
name a collection; every stage reads the registry.
"""

from __future__ import annotations

from generator.model import rules
from generator.model.registry import Collection, Column, Registry, Shown, SitePage
from generator.model.schema import Actor, Agreement, Assessment, Event, Issue, Position, Source

DEFAULT_REGISTRY = Registry(
    collections=(
        Collection(
            "agreements",
            "agreement",
            "Agreements",
            Agreement,
            columns=(
                Column("Agreement", "link"),
                Column("Status", "badge", "status"),
                Column("Parties", "refs", "parties"),
                Column("Announced", "date", "announced"),
            ),
            search_boost=8,
            nav=10,
            pdf=10,
            pdf_template="pdf/agreements.html.j2",
            pdf_sort="announced",
            pdf_contents=True,
            shown_on=(
                Shown("parties", "Party to", key="party_to"),
                Shown("brokers", "Brokered", key="brokered"),
            ),
        ),
        Collection(
            "actors",
            "actor",
            "Who's who",
            Actor,
            columns=(
                Column("Name", "link"),
                Column("Kind", "term", "kind"),
                Column("Role", "text", "role"),
                Column("Affiliation", "ref", "affiliation"),
            ),
            search_boost=8,
            nav=60,
            pdf=60,
            pdf_template="pdf/actors.html.j2",
            pdf_title="Who's who",
            shown_on=(Shown("affiliation", "Members", key="members"),),
            names=True,
            checks=(rules.affiliation_cycles,),
        ),
        Collection(
            "issues",
            "issue",
            "Issues",
            Issue,
            columns=(
                Column("Issue", "link"),
                Column("Status", "badge", "status"),
                Column("Summary", "inline", "summary"),
            ),
            search_boost=8,
            nav=20,
            pdf=30,
            pdf_template="pdf/issues.html.j2",
            pdf_contents=True,
            shown_on=(Shown("related", "Related issues", key="related_issues"),),
        ),
        Collection(
            "positions",
            "position",
            "Positions",
            Position,
            columns=(
                Column("Party", "ref", "actor"),
                Column("On", "ref", "subject"),
                Column("Stance", "badge", "stance"),
                Column("As of", "date", "as_of"),
            ),
            search_boost=2,
            shown_on=(
                Shown("actor", "Positions", key="positions", order="as_of"),
                Shown("subject", "Positions", key="positions", order="as_of", current_per="actor"),
            ),
            alongside="subject",
            title_from=("actor", "subject"),
            tracked="stance",
            checks=(rules.one_position_a_day,),
        ),
        Collection(
            "assessments",
            "assessment",
            "Analysis and reactions",
            Assessment,
            columns=(
                Column("Assessment", "link"),
                Column("Verdict", "badge", "verdict"),
                Column("Date", "date", "date"),
            ),
            search_boost=3,
            nav=41,
            nav_section="Positions and views",
            pdf=40,
            pdf_template="pdf/assessments.html.j2",
            pdf_sort="date",
            shown_on=(
                Shown("assessor", "Their assessments", key="assessments_made"),
                Shown("subject", "Assessments", key="assessments"),
            ),
            title_from=("assessor", "subject"),
        ),
        Collection(
            "events",
            "event",
            "Events",
            Event,
            columns=(
                Column("Date", "daterange", "date"),
                Column("Event", "link"),
                Column("Place", "text", "place"),
            ),
            sort="date",
            search_boost=2,
            pdf=50,
            pdf_template="pdf/timeline.html.j2",
            pdf_title="Timeline",
            shown_on=(
                Shown("participants", "Events", key="events", order="date"),
                Shown("related", "Events", key="events", order="date"),
            ),
        ),
        Collection(
            "sources",
            "source",
            "Sources",
            Source,
            sort="outlet",
            group_by="kind",
            search_boost=1,
            nav=91,
            nav_section="About",
            pdf=90,
            index_template="bibliography.md.j2",
            pdf_template="pdf/bibliography.html.j2",
            pdf_title="Bibliography",
            cited=True,
            names=True,
            checks=(rules.source_policy,),
        ),
    ),
    pages=(
        SitePage(
            "index.md",
            "Home",
            nav=0,
            pdf=0,
            pdf_template="pdf/bottom-line.html.j2",
            pdf_title="Summary and key facts",
        ),
        SitePage(
            "matrix.md",
            "Where the parties stand",
            nav=40,
            nav_section="Positions and views",
            pdf=20,
            pdf_template="pdf/matrix.html.j2",
        ),
        SitePage("timeline.md", "Timeline", nav=50),
        SitePage(
            "about.md",
            "About this briefing",
            nav=90,
            nav_section="About",
            pdf=100,
            pdf_template="pdf/about.html.j2",
        ),
        SitePage("glossary.md", "Glossary", nav=92, nav_section="About"),
        SitePage("tags.md", "Topics", nav=93, nav_section="About"),
    ),
)
"""The collections of a briefing: agreements, actors, issues, positions, assessments,
events and sources."""
