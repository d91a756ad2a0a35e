"""The site: the generated tree, the builders (MkDocs, Zensical), and what is done
after either (search variants, sitemap, the audit)."""
