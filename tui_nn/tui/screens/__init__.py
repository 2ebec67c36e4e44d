"""The app's modal screens: dataset picker, target choice, path prompt, choices, help."""
