"""The templates, stylesheets, scripts, theme override and default site configuration that
ship with the generator (installed as `generator.site_templates`)."""
