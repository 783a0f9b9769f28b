"""The core: spec models, bank, judge, store and review scheduling. Never imports textual."""
