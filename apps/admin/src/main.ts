import { Component } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { MatButtonModule } from '@angular/material/button';
@Component({ selector: 'app-root', imports: [MatButtonModule], template: `<button mat-flat-button>hi</button>` })
class App {}
bootstrapApplication(App).catch((e) => console.error(e));
