"""Short conflict reports shared by the batch, resume and Dask tests."""

SHORT_REPORTS = [
    "Rockets hit a base near Mosul on 30 March 2020.",
    "A car bomb killed 12 people in Baqubah on 3 May 2021.",
    "The weather was mild.",
    "Clashes erupted in Kirkuk, 30 km south-west of Tikrit, on 4 May 2021.",
    "Protesters gathered in Basra on Friday, 7 May 2021.",
    "An airstrike hit a convoy 20 km north of Aleppo on 2 June 2019.",
    "Shelling killed three civilians in Idlib on 5 June 2019.",
]
