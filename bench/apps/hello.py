"""The hello-world page the app's cold start is compared with."""

import streamlit as st

st.title("Hello world")
