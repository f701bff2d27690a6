"""The embedded demo: a small local news site (``site``) and the demo run (``run``)."""
