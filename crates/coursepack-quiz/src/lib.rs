//! Quiz compiler for coursepack: question syntax, typed quiz model, scoring, response formats per standard, GIFT and Aiken import.
