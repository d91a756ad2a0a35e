"""The model: the typed values handed from stage to stage, the default content model
(schema, vocabularies, registry) and the queries on a linked briefing. Imports nothing
else of the generator."""
