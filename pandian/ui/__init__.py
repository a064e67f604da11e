"""The Gradio app, one module per tab; `app.py` assembles them."""
