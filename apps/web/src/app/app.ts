import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ServiceBanner } from './core/availability/service-banner';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, ServiceBanner],
  template: '<app-service-banner /><router-outlet />',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {}
