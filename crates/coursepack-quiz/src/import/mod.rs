//! Importing question banks from other tools into coursepack's question syntax.
