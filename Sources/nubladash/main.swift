print("nubladash")
